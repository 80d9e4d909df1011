// Forged, stale and malformed identity tokens, each paired with the STS answer it must get.
import { createHmac, createPublicKey, type JsonWebKey } from 'node:crypto';
import { generateKeyPair, SignJWT } from 'jose';
import type { MockIdp } from './mock-idp.js';

export interface HostileToken {
  name: string;
  token: string;
  /** The wire code and HTTP status the STS must answer with. */
  code: string;
  status: number;
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** Tokens for a claim-based provider served by `idp` with client id `audience`; `valid` claims would pass. */
export async function hostileTokens(idp: MockIdp, valid: { sub: string; aud: string; policy: string }): Promise<HostileToken[]> {
  const claims = { ...valid, iss: idp.issuer, iat: now(), exp: now() + 600 };
  const kid = idp.privateJwk().kid;
  const publicPem = createPublicKey({ key: idp.privateJwk() as JsonWebKey, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
  const hsInput = `${b64({ alg: 'HS256', typ: 'JWT', kid })}.${b64(claims)}`;
  const stranger = await generateKeyPair('RS256');
  const [header, , signature] = (await idp.mint(valid)).split('.');
  const refused = (name: string, token: string, code = 'InvalidIdentityToken', status = 400) => ({ name, token, code, status });
  return [
    refused('unsigned (alg none)', `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`),
    refused('HS256 signed with the public key', `${hsInput}.${createHmac('sha256', publicPem).update(hsInput).digest('base64url')}`),
    refused('a wrong issuer', await idp.sign({}, { ...claims, iss: 'https://evil.example' })),
    refused('a wrong audience', await idp.mint({ ...valid, aud: 'another-client' })),
    refused('an expired token', await idp.mint(valid, { expiresIn: -3600 }), 'ExpiredToken'),
    refused('a token not yet valid', await idp.mint({ ...valid, nbf: now() + 3600 })),
    refused('an unknown kid', await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'stranger' }).sign(stranger.privateKey)),
    refused('a tampered payload', `${header}.${b64({ ...claims, policy: 'consoleAdmin' })}.${signature}`),
    refused('a missing sub', await idp.mint({ ...valid, sub: undefined }), 'InvalidParameterValue'),
    refused('a missing policy claim', await idp.mint({ ...valid, policy: undefined }), 'InvalidParameterValue'),
    refused('an oversize token', await idp.mint({ ...valid, padding: 'x'.repeat(17_000) })),
  ];
}
