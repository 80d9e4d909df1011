import { createHmac, createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';
import { systemClock, type OpenIdProviderConfig } from '#domain';
import { MockIdp } from '../../../test/support/mock-idp.js';
import { DEFAULT_TOKEN_RULES, type IdpClientOptions } from './idp-options.js';
import { JwtIdentityVerifier } from './jwt-identity-verifier.js';
import { OpenIdProviderConnection } from './openid-provider-connection.js';

const silent = { warn: () => undefined };
/** Tests that generate RSA keys or wait on timeouts, on a small shared machine. */
const SLOW_MS = 20_000;
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const CLAIMS = { sub: 'alice', aud: 'sts', policy: 'readwrite' };

let idp: MockIdp;
beforeAll(async () => { idp = await MockIdp.start(); }, SLOW_MS);
afterAll(async () => { await idp?.stop(); });

function verifierFor(target: MockIdp, options: { config?: Partial<OpenIdProviderConfig>; client?: Partial<IdpClientOptions> } = {}) {
  const config: OpenIdProviderConfig = { name: '', configUrl: target.configUrl, clientId: 'sts', policyClaim: 'policy', rolePolicies: [], claimUserInfo: false, ...options.config };
  // A generous deadline: the first fetch of a worker can be slow on a loaded 2-core machine; the timeout case sets its own.
  const client: IdpClientOptions = { timeoutMs: 5000, refetchIntervalMs: 0, refreshIntervalMs: 3_600_000, ...options.client };
  return new JwtIdentityVerifier(config, new OpenIdProviderConnection(target.configUrl, client, silent), DEFAULT_TOKEN_RULES, systemClock);
}

const refusal = async (promise: Promise<unknown>) => promise.then(() => ({ code: 'accepted', message: '' }), (e: { code?: string; message: string }) => ({ code: e.code, message: e.message }));

describe(JwtIdentityVerifier.name, () => {
  it('accepts a token signed by a key of the provider and returns its claims', async () => {
    const claims = await verifierFor(idp).verify(await idp.mint(CLAIMS), undefined);
    expect(claims).toMatchObject({ ...CLAIMS, iss: idp.issuer });
  });

  it.each(['PS256', 'ES256', 'EdDSA'])('accepts a %s key published in the JWKS', async (alg) => {
    const verifier = verifierFor(idp);
    const kid = await idp.rotate(alg);
    await expect(verifier.verify(await idp.mint(CLAIMS, { kid }), undefined)).resolves.toMatchObject({ sub: 'alice' });
  }, SLOW_MS);

  it('accepts a token without kid when exactly one published key verifies it', async () => {
    const token = await idp.mint(CLAIMS, { kid: idp.privateJwk().kid, header: { kid: undefined } });
    await expect(verifierFor(idp).verify(token, undefined)).resolves.toMatchObject({ sub: 'alice' });
  });

  it('refuses a token without kid that two published keys verify', async () => {
    const twin = await MockIdp.start();
    try {
      await twin.mock.issuer.keys.add({ ...twin.privateJwk(), kid: 'twin' });
      const token = await twin.mint(CLAIMS, { header: { kid: undefined } });
      expect(await refusal(verifierFor(twin).verify(token, undefined))).toMatchObject({ code: 'InvalidIdentityToken', message: expect.stringContaining('More than one key') });
    } finally {
      await twin.stop();
    }
  }, SLOW_MS);

  it('accepts HS256 with the client secret only when one is configured', async () => {
    const payload = { ...CLAIMS, iss: idp.issuer };
    const token = await new SignJWT(payload).setProtectedHeader({ alg: 'HS256', kid: 'sts' }).setExpirationTime('5m').sign(new TextEncoder().encode('client-secret-0123456789abcdef'));
    await expect(verifierFor(idp, { config: { clientSecret: 'client-secret-0123456789abcdef' } }).verify(token, undefined)).resolves.toMatchObject({ sub: 'alice' });
    expect(await refusal(verifierFor(idp).verify(token, undefined))).toEqual({ code: 'InvalidIdentityToken', message: 'The token algorithm is not allowed' });
  });

  it('refuses HS256 signed with the public key even when a client secret is configured', async () => {
    const pem = createPublicKey({ key: idp.privateJwk(), format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const input = `${b64({ alg: 'HS256', kid: idp.privateJwk().kid })}.${b64({ ...CLAIMS, iss: idp.issuer, exp: Math.floor(Date.now() / 1000) + 300 })}`;
    const token = `${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`;
    expect(await refusal(verifierFor(idp, { config: { clientSecret: 'another-secret' } }).verify(token, undefined))).toMatchObject({ code: 'InvalidIdentityToken' });
  });

  it.each([
    ['alg none', async () => `${b64({ alg: 'none' })}.${b64({ ...CLAIMS, iss: idp.issuer, exp: 4e9 })}.`, 'InvalidIdentityToken'],
    ['a wrong issuer', () => idp.mint({ ...CLAIMS, iss: 'http://127.0.0.1:1/evil' }), 'InvalidIdentityToken'],
    ['a wrong audience', () => idp.mint({ ...CLAIMS, aud: 'someone-else' }), 'InvalidIdentityToken'],
    ['an expired token beyond the leeway', () => idp.mint(CLAIMS, { expiresIn: -120 }), 'ExpiredIdentityToken'],
    ['a token not valid for another 5 minutes', () => idp.mint({ ...CLAIMS, nbf: Math.floor(Date.now() / 1000) + 300 }), 'InvalidIdentityToken'],
    ['a token issued in the future', () => idp.mint({ ...CLAIMS, iat: Math.floor(Date.now() / 1000) + 300 }), 'InvalidIdentityToken'],
    ['a token without exp', () => idp.mint({ ...CLAIMS, exp: undefined }), 'InvalidIdentityToken'],
    ['a tampered payload', async () => { const [h, , s] = (await idp.mint(CLAIMS)).split('.'); return `${h}.${b64({ ...CLAIMS, iss: idp.issuer, policy: 'consoleAdmin', exp: 4e9 })}.${s}`; }, 'InvalidIdentityToken'],
    ['an oversize token', () => idp.mint({ ...CLAIMS, padding: 'x'.repeat(20_000) }), 'InvalidIdentityToken'],
    ['garbage', async () => 'not-a-jwt', 'InvalidIdentityToken'],
  ])('refuses %s', async (_name, token, code) => {
    expect(await refusal(verifierFor(idp).verify(await token(), undefined))).toMatchObject({ code });
  });

  it('accepts a token that expired within the clock-skew leeway', async () => {
    await expect(verifierFor(idp).verify(await idp.mint(CLAIMS, { expiresIn: -30 }), undefined)).resolves.toMatchObject({ sub: 'alice' });
  });
});

describe('key rotation and outages', () => {
  it('picks up a key rotated in at the IdP without a restart, but refetches at most once per interval', async () => {
    const verifier = verifierFor(idp, { client: { refetchIntervalMs: 60_000 } });
    await verifier.verify(await idp.mint(CLAIMS), undefined);
    const rotated = await idp.rotate();
    await expect(verifier.verify(await idp.mint(CLAIMS, { kid: rotated }), undefined)).resolves.toMatchObject({ sub: 'alice' });
    const tooSoon = await idp.rotate();
    expect(await refusal(verifier.verify(await idp.mint(CLAIMS, { kid: tooSoon }), undefined))).toMatchObject({ code: 'InvalidIdentityToken', message: expect.stringContaining('No key') });
  }, SLOW_MS);

  it('keeps the last good keys while the IdP is down, answers fast when it is needed, and recovers', async () => {
    const down = await MockIdp.start();
    const verifier = verifierFor(down, { client: { timeoutMs: 400 } });
    try {
      const known = await down.mint(CLAIMS);
      await verifier.verify(known, undefined);
      const unknown = await down.mint(CLAIMS, { kid: await down.rotate() });
      await down.hang();
      let started = Date.now();
      await expect(verifier.verify(known, undefined)).resolves.toMatchObject({ sub: 'alice' });
      expect(await refusal(verifier.verify(unknown, undefined))).toMatchObject({ code: 'IDPCommunicationError' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(350);
      expect(Date.now() - started).toBeLessThan(1500);
      await down.stop();
      started = Date.now();
      expect(await refusal(verifier.verify(unknown, undefined))).toMatchObject({ code: 'IDPCommunicationError' });
      expect(Date.now() - started).toBeLessThan(300);
      await down.restart();
      await expect(verifier.verify(unknown, undefined)).resolves.toMatchObject({ sub: 'alice' });
    } finally {
      await down.stop();
    }
  }, SLOW_MS);

  it('answers IDPCommunicationError when the provider was never reachable', async () => {
    const never = await MockIdp.start();
    await never.stop();
    expect(await refusal(verifierFor(never).verify(await never.mint(CLAIMS), undefined))).toMatchObject({ code: 'IDPCommunicationError' });
  }, SLOW_MS);
});

describe('UserInfo', () => {
  it('merges UserInfo claims without overwriting the token\'s, and refuses another subject', async () => {
    const verifier = verifierFor(idp);
    idp.mock.service.once('beforeUserinfo', (response: { body: object }) => { response.body = { sub: 'alice', groups: ['g1'], policy: 'other' }; });
    await expect(verifier.verify(await idp.mint(CLAIMS), 'access-token')).resolves.toMatchObject({ groups: ['g1'], policy: 'readwrite' });
    idp.mock.service.once('beforeUserinfo', (response: { body: object }) => { response.body = { sub: 'mallory' }; });
    expect(await refusal(verifier.verify(await idp.mint(CLAIMS), 'access-token'))).toMatchObject({ code: 'InvalidIdentityToken' });
    idp.mock.service.once('beforeUserinfo', (response: { statusCode: number }) => { response.statusCode = 401; });
    expect(await refusal(verifier.verify(await idp.mint(CLAIMS), 'access-token'))).toMatchObject({ code: 'InvalidIdentityToken', message: 'The identity provider refused the access token' });
  });
});
