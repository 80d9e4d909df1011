import { hash, timingSafeEqual } from 'node:crypto';

/**
 * Whether `token` hashes to `expectedHex` (SHA-256), compared in constant time. Records keep only
 * the digest of their session token; every request signed with temporary credentials checks it.
 */
export function tokenMatchesDigest(token: string, expectedHex: string): boolean {
  return hashesTo(token, Buffer.from(expectedHex, 'hex'));
}

/**
 * Each cached record's digest, decoded once, in a buffer of its own (weakly held: gone with the
 * record; not a slice of Node's shared pool, which would pin a whole pool chunk per record). Only
 * the digest is kept: no session token stays in memory beyond the request that presents it (a
 * heap dump or a memory leak of a gateway gives away none). Hashing the presented token costs
 * about half a microsecond more than comparing it with a kept copy (docs/performance.md).
 */
const recordDigests = new WeakMap<{ readonly sessionTokenSha256: string }, Buffer>();

/** tokenMatchesDigest against a record that is never changed in place (a cached credential). */
export function tokenMatchesRecord(token: string, record: { readonly sessionTokenSha256: string }): boolean {
  let expected = recordDigests.get(record);
  if (expected === undefined) {
    const decoded = Buffer.from(record.sessionTokenSha256, 'hex');
    expected = Buffer.allocUnsafeSlow(decoded.length);
    decoded.copy(expected);
    recordDigests.set(record, expected);
  }
  return hashesTo(token, expected);
}

function hashesTo(token: string, expected: Buffer): boolean {
  const actual = digestOf(token);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Hex out and decoded in JavaScript: a Buffer digest straight from node:crypto (a native backing
 * store each time) costs more than that (docs/performance.md).
 */
const digestOf = (token: string): Buffer => Buffer.from(hash('sha256', token, 'hex'), 'hex');
