import { createHmac, hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { SIGV4_ALGORITHM } from './authorization.js';
import { HmacSha256Key } from './hmac-sha256.js';

export const credentialScope = (date: string, region: string, service: string): string =>
  `${date}/${region}/${service}/aws4_request`;

export function stringToSign(amzDate: string, scope: string, canonicalRequest: string): string {
  const digest = hash('sha256', canonicalRequest, 'hex');
  return `${SIGV4_ALGORITHM}\n${amzDate}\n${scope}\n${digest}`;
}

/** One key per (secret, day, region, service): a busy node sees few distinct tuples per day. */
const SIGNING_KEY_CACHE_LIMIT = 256;
const signingKeys = new Map<string, Buffer>();
/**
 * Cache entries are named by a hash under a per-process random salt, so the map never holds the
 * secret, nor an unsalted hash of it that a heap dump would let someone brute-force offline.
 * A one-shot salted SHA-256 rather than an HMAC: it runs on every verification, and creating an
 * HMAC object costs several times more.
 */
const cacheSalt = randomBytes(32).toString('base64');

const hmac = (key: Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
export function deriveSigningKey(secret: string, date: string, region: string, service: string): Buffer {
  const id = hash('sha256', cacheSalt + JSON.stringify([secret, date, region, service]), 'base64');
  let key = signingKeys.get(id);
  if (key !== undefined) {
    signingKeys.delete(id); // re-insert: Map order is then least-recently-used first
  } else {
    key = [date, region, service, 'aws4_request'].reduce(hmac, Buffer.from(`AWS4${secret}`, 'utf8'));
    if (signingKeys.size >= SIGNING_KEY_CACHE_LIMIT) signingKeys.delete(signingKeys.keys().next().value!);
  }
  signingKeys.set(id, key);
  return Buffer.from(key); // a copy, so a caller cannot corrupt the cached key
}

/** A secret held by a record that is never changed in place (a credential as the cache holds it). */
export interface SigningSecret {
  readonly secretKey: string;
}

/**
 * Signing keys of secrets held by records, beside the record (weakly: gone with it), ready for
 * HMACs. A request signed with a cached credential then costs no hashing and no copy to find its
 * key; a record usually sees one scope a day, so one key is kept per record.
 */
const recordKeys = new WeakMap<SigningSecret, { date: string; region: string; service: string; key: HmacSha256Key }>();

/** deriveSigningKey for the secret of `holder`, kept with the holder. The key is the cache's own: read it, never change it. */
export function signingKeyOf(holder: SigningSecret, date: string, region: string, service: string): HmacSha256Key {
  const kept = recordKeys.get(holder);
  if (kept !== undefined && kept.date === date && kept.region === region && kept.service === service) return kept.key;
  const key = new HmacSha256Key([date, region, service, 'aws4_request'].reduce(hmac, Buffer.from(`AWS4${holder.secretKey}`, 'utf8')));
  recordKeys.set(holder, { date, region, service, key });
  return key;
}

/** Constant-time comparison of the expected HMAC with the 64-hex signature the client sent. */
export function signatureMatches(signingKey: Buffer | HmacSha256Key, stringToSignValue: string, signatureHex: string): boolean {
  const keyed = signingKey instanceof HmacSha256Key ? signingKey : new HmacSha256Key(signingKey);
  const expected = Buffer.from(keyed.hex(stringToSignValue), 'hex');
  const provided = Buffer.from(signatureHex, 'hex');
  return provided.length === expected.length && timingSafeEqual(provided, expected);
}
