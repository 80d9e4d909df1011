import { hash, timingSafeEqual } from 'node:crypto';

/**
 * Whether `token` hashes to `expectedHex` (SHA-256), compared in constant time. Records keep only
 * the digest of their session token; every request signed with temporary credentials checks it.
 */
export function tokenMatchesDigest(token: string, expectedHex: string): boolean {
  const actual = digestOf(token);
  const expected = Buffer.from(expectedHex, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * The token each record was found to match, as UTF-8 bytes in a buffer of its own (weakly held:
 * gone with the record). A request presenting it again is compared byte for byte in constant time
 * instead of hashed, which costs about half as much for a 600-character token. Only a token whose
 * digest matched is kept, and it is no more secret than the record's secret key beside it; a
 * token of another length cannot be it (lengths are not secret).
 */
const recordTokens = new WeakMap<{ readonly sessionTokenSha256: string }, Buffer>();

/** tokenMatchesDigest against a record that is never changed in place (a cached credential). */
export function tokenMatchesRecord(token: string, record: { readonly sessionTokenSha256: string }): boolean {
  const known = recordTokens.get(record);
  if (known !== undefined) {
    const presented = Buffer.from(token, 'utf8');
    return presented.length === known.length && timingSafeEqual(presented, known);
  }
  if (!tokenMatchesDigest(token, record.sessionTokenSha256)) return false;
  // Not a slice of Node's shared pool, which would keep a whole pool chunk alive per record.
  const own = Buffer.allocUnsafeSlow(Buffer.byteLength(token, 'utf8'));
  own.write(token, 'utf8');
  recordTokens.set(record, own);
  return true;
}

/**
 * Hex out and decoded in JavaScript: a Buffer digest straight from node:crypto (a native backing
 * store each time) costs more than that (docs/performance.md).
 */
const digestOf = (token: string): Buffer => Buffer.from(hash('sha256', token, 'hex'), 'hex');
