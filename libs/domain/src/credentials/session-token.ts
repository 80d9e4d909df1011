import { createHmac } from 'node:crypto';

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
 * Session tokens are HS512 JWTs, as MinIO's, but keyed by a keyring key named in `kid` instead of
 * the root secret, so that rotating the root password does not kill live sessions (DESIGN §7).
 * Hand-written over node:crypto: jose 6 is WebCrypto-only and ~30× slower for HMAC on this path.
 */
export function signSessionToken(claims: SessionClaims, key: SigningKey): string {
  const header = b64url(JSON.stringify({ alg: 'HS512', typ: 'JWT', kid: key.kid }));
  const payload = b64url(JSON.stringify(claims));
  const signature = createHmac('sha512', key.secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}
