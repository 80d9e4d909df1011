import { parseAuthorization, type SigV4Authorization } from './authorization.js';

/**
 * Headers the verifier reads even when they are not signed: the Authorization itself, the session
 * token (some clients append it after signing), the Date fallback for X-Amz-Date, and the body
 * digest it cross-checks.
 */
const ALWAYS_KEPT = new Set(['authorization', 'x-amz-security-token', 'x-amz-date', 'date', 'x-amz-content-sha256']);
/** SignedRequest's schema limit on the header list. */
const MAX_HEADERS = 64;

/**
 * The headers a SigV4 verifier needs, in arrival order, so the request that crosses NATS stays
 * small. Never throws: with an unparseable Authorization every header is kept (up to the cap)
 * and the verifier reports the real error. The Authorization may be given already parsed.
 */
export function signedHeaderSubset(
  headers: ReadonlyArray<readonly [string, string]>,
  authorization: string | SigV4Authorization | undefined,
): [string, string][] {
  const signed = typeof authorization === 'object' ? new Set(authorization.signedHeaders) : signedNames(authorization);
  const kept: [string, string][] = [];
  for (const [name, value] of headers) {
    if (kept.length === MAX_HEADERS) break;
    const lower = name.toLowerCase();
    if (signed === undefined || signed.has(lower) || ALWAYS_KEPT.has(lower)) kept.push([name, value]);
  }
  return kept;
}

function signedNames(authorizationValue: string | undefined): Set<string> | undefined {
  if (authorizationValue === undefined) return undefined;
  try {
    return new Set(parseAuthorization(authorizationValue).signedHeaders);
  } catch {
    return undefined;
  }
}
