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
  const signed = signedNamesOf(authorization);
  const kept: [string, string][] = [];
  for (const [name, value] of headers) {
    if (kept.length === MAX_HEADERS) break;
    if (isKept(name.toLowerCase(), signed)) kept.push([name, value]);
  }
  return kept;
}

/** signedHeaderSubset of Node's `rawHeaders` (name, value, name, value, …), without pairing every header first. */
export function signedHeaderSubsetOfRaw(rawHeaders: readonly string[], authorization: string | SigV4Authorization | undefined): [string, string][] {
  const signed = signedNamesOf(authorization);
  const kept: [string, string][] = [];
  for (let i = 0; i + 1 < rawHeaders.length && kept.length < MAX_HEADERS; i += 2) {
    if (isKept(rawHeaders[i].toLowerCase(), signed)) kept.push([rawHeaders[i], rawHeaders[i + 1]]);
  }
  return kept;
}

/** undefined: keep every header (the Authorization does not parse). A parsed list is short: searched, not hashed. */
const isKept = (lower: string, signed: readonly string[] | undefined): boolean =>
  signed === undefined || ALWAYS_KEPT.has(lower) || signed.includes(lower);

function signedNamesOf(authorization: string | SigV4Authorization | undefined): readonly string[] | undefined {
  if (authorization === undefined) return undefined;
  if (typeof authorization === 'object') return authorization.signedHeaders;
  try {
    return parseAuthorization(authorization).signedHeaders;
  } catch {
    return undefined;
  }
}
