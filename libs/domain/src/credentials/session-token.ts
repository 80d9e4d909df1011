import { createHmac, timingSafeEqual } from 'node:crypto';

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
  const signed = `${tokenHeader(key.kid)}.${b64url(JSON.stringify(claims))}`;
  return `${signed}.${createHmac('sha512', key.secret).update(signed).digest('base64url')}`;
}

/** The encoded header of each key's tokens, built once per kid (a keyring holds a handful). */
const headers = new Map<string, string>();
function tokenHeader(kid: string): string {
  let header = headers.get(kid);
  if (header === undefined) {
    header = b64url(JSON.stringify({ alg: 'HS512', typ: 'JWT', kid }));
    headers.set(kid, header);
  }
  return header;
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
