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

/** The expected digests of records, decoded once per record (weakly held: gone with the record). */
const recordDigests = new WeakMap<{ readonly sessionTokenSha256: string }, Buffer>();

/**
 * tokenMatchesDigest against a record that is never changed in place (a cached credential): its
 * digest is decoded from hex once, not on every request.
 */
export function tokenMatchesRecord(token: string, record: { readonly sessionTokenSha256: string }): boolean {
  let expected = recordDigests.get(record);
  if (expected === undefined) {
    expected = Buffer.from(record.sessionTokenSha256, 'hex');
    recordDigests.set(record, expected);
  }
  const actual = digestOf(token);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Hex out and decoded in JavaScript: a Buffer digest straight from node:crypto (a native backing
 * store each time) costs more than that (docs/performance.md).
 */
const digestOf = (token: string): Buffer => Buffer.from(hash('sha256', token, 'hex'), 'hex');
