import { hash, timingSafeEqual } from 'node:crypto';

/**
 * Whether `token` hashes to `expectedHex` (SHA-256), compared in constant time. Records keep only
 * the digest of their session token; every request signed with temporary credentials checks it.
 */
export function tokenMatchesDigest(token: string, expectedHex: string): boolean {
  const actual = hash('sha256', token, 'buffer');
  const expected = Buffer.from(expectedHex, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
