import { describe, expect, it } from '@jest/globals';
import type { IssueCredentialRequest } from '#contracts';
import { SecretSealer } from '../sealing/secret-sealer.js';
import { LongTermIdentities } from '../identity/long-term-identities.js';
import { userSecretContext } from '../identity/users.js';
import { FixedClock, InMemoryServiceAccountStore, InMemoryUserStore } from '../testing/in-memory-stores.js';
import { signWithSdk } from '../testing/sdk-signer.js';
import { AssumeRole, type AssumeRolePolicy } from './assume-role.js';

const NOW = new Date('2026-11-23T10:00:00Z');
const ROOT = { accessKey: 'rootuser', secretKey: 'rootsecret123' };
const BODY = 'Action=AssumeRole&Version=2011-06-15';
const sealer = new SecretSealer({ name: 'test', key: Buffer.alloc(32, 3) });

function setup(policy: AssumeRolePolicy = {}) {
  const users = new InMemoryUserStore();
  const issued: IssueCredentialRequest[] = [];
  const minter = { issue: async (request: IssueCredentialRequest) => { issued.push(request); return { accessKeyId: 'AK', secretAccessKey: 'SK', sessionToken: 'T', expiration: 'E' }; } };
  const sut = new AssumeRole(new LongTermIdentities(ROOT, users, sealer, new InMemoryServiceAccountStore(), new FixedClock(NOW.getTime())), minter, new FixedClock(NOW.getTime()), policy);
  const addUser = (accessKey: string, secretKey: string, status: 'enabled' | 'disabled' = 'enabled') =>
    users.put({ version: 1, accessKey, secretKey: sealer.seal(secretKey, userSecretContext(accessKey)), status, createdAt: 0 });
  return { sut, issued, addUser };
}

const sign = (overrides: Partial<Parameters<typeof signWithSdk>[0]> = {}) =>
  signWithSdk({ ...ROOT, body: BODY, signedAt: NOW, ...overrides });

describe(AssumeRole.name, () => {
  it('issues for the root user with the default duration of one hour', async () => {
    const { sut, issued } = setup();
    await sut.execute({ requestId: 'r', signed: await sign() });
    expect(issued).toEqual([expect.objectContaining({ provider: 'root', parent: 'rootuser', durationSeconds: 3600 })]);
  });

  it('issues for an enabled builtin user with the requested duration, session policy and revoke type', async () => {
    const { sut, issued, addUser } = setup();
    await addUser('alice', 'alicesecret');
    await sut.execute({ requestId: 'r', signed: await sign({ accessKey: 'alice', secretKey: 'alicesecret' }), durationSeconds: 900, sessionPolicy: '{}', tokenRevokeType: 't' });
    expect(issued[0]).toMatchObject({ provider: 'builtin', parent: 'alice', durationSeconds: 900, sessionPolicy: '{}', tokenRevokeType: 't' });
  });

  it('lets MINIO_STS_DURATION override the requested duration', async () => {
    const { sut, issued } = setup({ durationOverrideSeconds: 7200 });
    await sut.execute({ requestId: 'r', signed: await sign(), durationSeconds: 900 });
    expect(issued[0].durationSeconds).toBe(7200);
  });

  it.each([
    ['a wrong secret', () => sign({ secretKey: 'not-the-secret' }), 'The request signature we calculated does not match'],
    ['an unknown access key', () => sign({ accessKey: 'nobody', secretKey: 'whatever1' }), 'The Access Key Id you provided does not exist in our records.'],
    ['a session token', () => sign({ sessionToken: 'tok' }), 'Access Denied.'],
    ['a wrong service', () => sign({ service: 's3' }), 'incorrect service'],
    ['a stale signature', () => sign({ signedAt: new Date(NOW.getTime() - 16 * 60_000) }), 'Signature expired'],
  ])('denies %s with AccessDenied', async (_name, signed, message) => {
    const { sut, issued } = setup();
    await expect(sut.execute({ requestId: 'r', signed: await signed() })).rejects.toMatchObject({ code: 'AccessDenied', message: expect.stringContaining(message) });
    expect(issued).toHaveLength(0);
  });

  it('denies a disabled user even with a correct signature', async () => {
    const { sut, addUser } = setup();
    await addUser('bob', 'bobsecret1', 'disabled');
    await expect(sut.execute({ requestId: 'r', signed: await sign({ accessKey: 'bob', secretKey: 'bobsecret1' }) }))
      .rejects.toMatchObject({ code: 'AccessDenied', message: 'Your account is disabled; please contact your administrator.' });
  });

  it('accepts any region when none is configured and only the configured one otherwise', async () => {
    await expect(setup().sut.execute({ requestId: 'r', signed: await sign({ region: 'eu-west-9' }) })).resolves.toBeDefined();
    await expect(setup({ region: 'us-east-1' }).sut.execute({ requestId: 'r', signed: await sign({ region: 'eu-west-9' }) }))
      .rejects.toMatchObject({ code: 'AccessDenied' });
  });
});
