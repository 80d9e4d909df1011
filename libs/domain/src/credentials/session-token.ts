import { createHmac, timingSafeEqual } from 'node:crypto';
import { HmacKey } from '../hmac-key.js';

export interface SigningKey {
  kid: string;
  secret: Buffer;
}

export interface SessionClaims {
  accessKey: string;
  parent: string;
  exp: number;
  iat: number;
  sessionPolicy?: string;
  tokenRevokeType?: string;
  [claim: string]: unknown;
}

const b64url = (input: Buffer | string) => Buffer.from(input).toString('base64url');

/**
 * A keyring key ready to sign: its tokens' encoded header and its HMAC pads derived once (a keyring
 * holds a handful of keys; the issuer signs with one of them per credential).
 */
export class SessionTokenKey implements SigningKey {
  readonly header: string;
  private readonly hmac: HmacKey;

  constructor(readonly kid: string, readonly secret: Buffer) {
    this.header = b64url(JSON.stringify({ alg: 'HS512', typ: 'JWT', kid }));
    this.hmac = new HmacKey('sha512', secret);
  }

  /** The HS512 signature of a token's `header.payload`, base64url. */
  sign(signed: string): string {
    return this.hmac.digest(signed, 'base64url');
  }
}

/**
 * Session tokens are HS512 JWTs, as MinIO's, but keyed by a keyring key named in `kid` instead of
 * the root secret, so that rotating the root password does not kill live sessions (DESIGN §7).
 * Hand-written over node:crypto: jose 6 is WebCrypto-only and ~30× slower for HMAC on this path.
 */
export function signSessionToken(claims: SessionClaims, key: SessionTokenKey): string {
  const signed = `${key.header}.${b64url(JSON.stringify(claims))}`;
  return `${signed}.${key.sign(signed)}`;
}

/** The `kid` a token names, or undefined for anything that is not one of our tokens. */
export function sessionTokenKid(token: string): string | undefined {
  const header = token.split('.', 1)[0];
  try {
    const parsed = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown; kid?: unknown };
    return parsed.alg === 'HS512' && typeof parsed.kid === 'string' ? parsed.kid : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `token` carries a valid HS512 signature under `secret` (constant-time comparison). */
export function sessionTokenSignedBy(token: string, secret: Buffer): boolean {
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  const expected = createHmac('sha512', secret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
