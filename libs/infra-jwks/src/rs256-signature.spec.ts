import { generateKeyPairSync, sign as rsaSign, type KeyObject } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { createLocalJWKSet, decodeProtectedHeader, exportJWK, jwtVerify, SignJWT, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose';
import { verifyJwt } from './rs256-signature.js';

const ISSUER = 'https://idp.example';
const options = (): JWTVerifyOptions => ({ algorithms: ['RS256'], issuer: ISSUER, requiredClaims: ['exp'], clockTolerance: 60, currentDate: new Date() });
const now = () => Math.floor(Date.now() / 1000);

let strong: { privateKey: KeyObject; keys: JWTVerifyGetKey };
let weak: { privateKey: KeyObject; keys: JWTVerifyGetKey };

async function keyPair(modulusLength: number, kid: string) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength });
  return { privateKey, keys: createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] }) };
}

beforeAll(async () => {
  strong = await keyPair(2048, 'k1');
  weak = await keyPair(1024, 'k0');
}, 20_000);

const sign = (claims: Record<string, unknown>, { key = strong.privateKey, header = {} as Record<string, unknown> } = {}) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1', ...header }).sign(key);

const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token signed with node:crypto directly, for headers and keys that jose will not sign with. */
function signRaw(header: Record<string, unknown>, claims: Record<string, unknown>, key: KeyObject): string {
  const input = `${segment(header)}.${segment(claims)}`;
  return `${input}.${rsaSign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

/** What a verification came to: the payload, or the error's class and the claim it names. */
const outcome = (verification: Promise<unknown>) => verification.then(
  (payload) => ({ payload }),
  (error: Error & { claim?: string }) => ({ error: error.constructor.name, claim: error.claim }),
);

/** Our result and jose's jwtVerify's for the same token, key set and options. */
async function bothWays(token: string, keys: JWTVerifyGetKey = strong.keys) {
  const ours = await outcome(verifyJwt(token, decodeProtectedHeader(token), keys, options()));
  const jose = await outcome(jwtVerify(token, keys, options()).then((result) => result.payload));
  return { ours, jose };
}

describe(verifyJwt.name, () => {
  it('accepts a valid RS256 token with the payload jose returns', async () => {
    const { ours, jose } = await bothWays(await sign({ iss: ISSUER, sub: 'alice', exp: now() + 300 }));
    expect(ours).toEqual(jose);
    expect(ours).toMatchObject({ payload: { sub: 'alice' } });
  });

  it.each([
    ['an expired token', { iss: ISSUER, exp: now() - 3600 }, 'JWTExpired'],
    ['a token not valid yet', { iss: ISSUER, exp: now() + 7200, nbf: now() + 3600 }, 'JWTClaimValidationFailed'],
    ['another issuer', { iss: 'https://evil.example', exp: now() + 300 }, 'JWTClaimValidationFailed'],
    ['a token without exp', { iss: ISSUER }, 'JWTClaimValidationFailed'],
  ])('refuses %s as jose does, once the signature checked out', async (_, claims, error) => {
    const { ours, jose } = await bothWays(await sign(claims));
    expect(ours).toEqual(jose);
    expect(ours).toMatchObject({ error });
  });

  it.each([
    ['exp one second after now − tolerance', () => ({ iss: ISSUER, exp: now() - 59 })],
    ['nbf at now + tolerance', () => ({ iss: ISSUER, exp: now() + 300, nbf: now() + 60 })],
    ['aud as a string and azp', () => ({ iss: ISSUER, exp: now() + 300, aud: 'sts', azp: 'sts' })],
    ['aud as an array', () => ({ iss: ISSUER, exp: now() + 300, aud: ['other', 'sts'] })],
  ])('accepts a token with %s as jose does', async (_, claims) => {
    const { ours, jose } = await bothWays(await sign(claims()));
    expect(ours).toEqual(jose);
    expect(ours).toHaveProperty('payload');
  });

  it('accepts a typ header as jose does when no typ is required', async () => {
    const { ours, jose } = await bothWays(await sign({ iss: ISSUER, exp: now() + 300 }, { header: { typ: 'at+jwt' } }));
    expect(ours).toEqual(jose);
    expect(ours).toHaveProperty('payload');
  });

  it.each([
    ['exp at now − tolerance', () => ({ iss: ISSUER, exp: now() - 61 }), 'JWTExpired'],
    ['exp as a string', () => ({ iss: ISSUER, exp: String(now() + 300) }), 'JWTClaimValidationFailed'],
    ['iss as an array', () => ({ iss: [ISSUER], exp: now() + 300 }), 'JWTClaimValidationFailed'],
    ['iat as a string', () => ({ iss: ISSUER, exp: now() + 300, iat: 'now' }), 'JWTClaimValidationFailed'],
  ])('refuses a token with %s with jose\'s error', async (_, claims, error) => {
    const { ours, jose } = await bothWays(await sign(claims()));
    expect(ours).toEqual(jose);
    expect(ours).toMatchObject({ error });
  });

  it('refuses a signature of 4n + 1 characters as jose does (malformed, not a failed check)', async () => {
    const token = await sign({ iss: ISSUER, exp: now() + 300 });
    const signatureLength = token.length - token.lastIndexOf('.') - 1;
    const { ours, jose } = await bothWays(token + 'A'.repeat((5 - (signatureLength % 4)) % 4));
    expect(ours).toEqual(jose);
    expect(ours).toMatchObject({ error: 'JWSInvalid' });
  });

  it('refuses a token whose payload was changed after signing', async () => {
    const [header, , signature] = (await sign({ iss: ISSUER, sub: 'alice', exp: now() + 300 })).split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ iss: ISSUER, sub: 'root', exp: now() + 300 })).toString('base64url')}.${signature}`;
    const { ours, jose } = await bothWays(forged);
    expect(ours).toEqual(jose);
    expect(ours).toEqual({ error: 'JWSSignatureVerificationFailed', claim: undefined });
  });

  it('refuses a signature with stray characters as jose does (no lenient base64url)', async () => {
    const token = await sign({ iss: ISSUER, exp: now() + 300 });
    const { ours, jose } = await bothWays(`${token.slice(0, -2)}!${token.slice(-2)}`);
    expect(ours).toEqual(jose);
    expect(ours).toHaveProperty('error');
  });

  it('leaves a key shorter than 2,048 bits to jose, which refuses it', async () => {
    const { ours, jose } = await bothWays(signRaw({ alg: 'RS256', kid: 'k0' }, { iss: ISSUER, exp: now() + 300 }, weak.privateKey), weak.keys);
    expect(ours).toEqual(jose);
    expect(ours).toHaveProperty('error');
  });

  it('leaves a token with a crit header to jose, which refuses it', async () => {
    const { ours, jose } = await bothWays(signRaw({ alg: 'RS256', kid: 'k1', crit: ['x-custom'], 'x-custom': 1 }, { iss: ISSUER, exp: now() + 300 }, strong.privateKey));
    expect(ours).toEqual(jose);
    expect(ours).toHaveProperty('error');
  });

  it('refuses a token whose kid names no key of the set, with jose\'s error', async () => {
    const { ours, jose } = await bothWays(await sign({ iss: ISSUER, exp: now() + 300 }, { header: { kid: 'unknown' } }));
    expect(ours).toEqual(jose);
    expect(ours).toMatchObject({ error: 'JWKSNoMatchingKey' });
  });
});
