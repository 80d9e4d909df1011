import { isUtf8 } from 'node:buffer';
import type { JWTPayload, JWTVerifyOptions } from 'jose';

/** A compact JWS segment in strict base64url, as jose decodes it (Buffer's decoder skips stray characters). */
const SEGMENT = /^[A-Za-z0-9_-]+$/;
/** The options answered here; with any other one set (typ, audience, subject, maxTokenAge, …) jose decides. */
const ANSWERED_OPTIONS = new Set(['algorithms', 'issuer', 'requiredClaims', 'clockTolerance', 'currentDate']);

/** Whether Buffer decodes the segment to exactly the bytes jose's strict decoder gives (which refuses a length of 4n + 1). */
export const isStrictBase64url = (segment: string): boolean => segment.length % 4 !== 1 && SEGMENT.test(segment);

/**
 * A JOSE segment decoded as jose does it (strict base64url, fatal UTF-8 with a leading BOM dropped,
 * a top-level JSON object), with Buffer's native decoder instead of jose's `atob` loop; undefined
 * whenever jose's result could differ (a length jose rejects, a BOM, bytes that are not UTF-8, JSON
 * that is not an object), so that the caller asks jose and gets jose's verdict and error.
 */
export function decodedSegment(segment: string): Record<string, unknown> | undefined {
  if (!isStrictBase64url(segment)) return undefined;
  const bytes = Buffer.from(segment, 'base64url');
  if (!isUtf8(bytes) || (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * The claims of a payload whose signature checked out, when jose's `validateClaimsSet` would
 * certainly accept them with these options: required claims present, `iss` equal to the one issuer,
 * `iat`/`nbf`/`exp` numbers when present, `nbf` not after now + tolerance, `exp` after now −
 * tolerance. Undefined in every other case, refusals included: the caller then runs jose, so every
 * refusal keeps jose's error class and claim. jose spent about 4 µs per token here, mostly in its
 * `atob`-based base64url decoder and its generic option handling (docs/performance.md).
 */
export function certainlyAcceptedClaims(encodedPayload: string, options: JWTVerifyOptions): JWTPayload | undefined {
  const clock = answeredClock(options);
  if (clock === undefined) return undefined;
  const { now, tolerance } = clock;
  const claims = decodedSegment(encodedPayload);
  if (claims === undefined) return undefined;
  const required = options.issuer === undefined ? options.requiredClaims ?? [] : [...(options.requiredClaims ?? []), 'iss'];
  if (!required.every((claim) => Object.hasOwn(claims, claim))) return undefined;
  if (options.issuer !== undefined && claims.iss !== options.issuer) return undefined;
  const { iat, nbf, exp } = claims;
  if (iat !== undefined && typeof iat !== 'number') return undefined;
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > now + tolerance)) return undefined;
  if (exp !== undefined && (typeof exp !== 'number' || exp <= now - tolerance)) return undefined;
  return claims as JWTPayload;
}

/** Now in epoch seconds and the tolerance as jose computes them, when the options are ones answered here; otherwise undefined. */
function answeredClock(options: JWTVerifyOptions): { now: number; tolerance: number } | undefined {
  const given = options as Record<string, unknown>;
  for (const name in given) if (given[name] !== undefined && !ANSWERED_OPTIONS.has(name)) return undefined;
  const { issuer, requiredClaims, clockTolerance, currentDate } = options;
  if (issuer !== undefined && typeof issuer !== 'string') return undefined;
  if (requiredClaims !== undefined && !(Array.isArray(requiredClaims) && requiredClaims.every((claim) => typeof claim === 'string'))) return undefined;
  if (clockTolerance !== undefined && (typeof clockTolerance !== 'number' || !Number.isFinite(clockTolerance) || clockTolerance < 0)) return undefined;
  if (currentDate !== undefined && !(currentDate instanceof Date)) return undefined;
  const now = Math.floor((currentDate ?? new Date()).getTime() / 1000);
  return Number.isFinite(now) ? { now, tolerance: clockTolerance ?? 0 } : undefined;
}
