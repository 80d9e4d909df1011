import { describe, expect, it } from '@jest/globals';
import { SecretSealer } from '../sealing/secret-sealer.js';
import { LongTermIdentities } from '../identity/long-term-identities.js';
import { userSecretContext } from '../identity/users.js';
import { FixedClock, InMemoryServiceAccountStore, InMemoryUserStore } from '../testing/in-memory-stores.js';
import { signWithSdk } from '../testing/sdk-signer.js';
import { LongTermCallerIdentity } from './long-term-caller.js';

const NOW = new Date('2026-11-23T10:00:00Z');
const ROOT = { accessKey: 'rootuser', secretKey: 'rootsecret123' };
const sealer = new SecretSealer({ name: 'test', key: Buffer.alloc(32, 3) });

async function setup() {
  const users = new InMemoryUserStore();
  for (const [accessKey, status] of [['alice', 'enabled'], ['bob', 'disabled']] as const) {
    await users.put({ version: 1, accessKey, secretKey: sealer.seal(`${accessKey}-secret`, userSecretContext(accessKey)), status, createdAt: 0 });
  }
  return new LongTermCallerIdentity(new LongTermIdentities(ROOT, users, sealer, new InMemoryServiceAccountStore(), new FixedClock(NOW.getTime())), new FixedClock(NOW.getTime()), undefined);
}
const sign = (keys: { accessKey: string; secretKey: string }) =>
  signWithSdk({ ...keys, body: 'Action=GetCallerIdentity&Version=2011-06-15', signedAt: NOW });

describe(LongTermCallerIdentity.name, () => {
  it('answers as AWS for the root user (the account root) and for a user (an IAM user)', async () => {
    const sut = await setup();
    expect(await sut.execute(await sign(ROOT))).toEqual({ arn: 'arn:aws:iam::000000000000:root', userId: '000000000000', account: '000000000000' });
    expect(await sut.execute(await sign({ accessKey: 'alice', secretKey: 'alice-secret' })))
      .toEqual({ arn: 'arn:aws:iam::000000000000:user/alice', userId: 'alice', account: '000000000000' });
  });

  it.each([
    ['an unknown key', { accessKey: 'nobody', secretKey: 'whatever1' }, 'InvalidClientTokenId'],
    ['a wrong secret', { accessKey: 'alice', secretKey: 'not-alice' }, 'SignatureDoesNotMatch'],
    ['a disabled user', { accessKey: 'bob', secretKey: 'bob-secret' }, 'AccessDenied'],
  ])('refuses %s with AWS\'s code', async (_name, keys, code) => {
    await expect((await setup()).execute(await sign(keys))).rejects.toMatchObject({ code });
  });

  it('refuses a user\'s old secret and takes the new one once the record changed (no signing key kept across it)', async () => {
    const users = new InMemoryUserStore();
    const put = (secret: string) => users.put({ version: 1, accessKey: 'alice', secretKey: sealer.seal(secret, userSecretContext('alice')), status: 'enabled', createdAt: 0 });
    const clock = new FixedClock(NOW.getTime());
    const sut = new LongTermCallerIdentity(new LongTermIdentities(ROOT, users, sealer, new InMemoryServiceAccountStore(), clock), clock, undefined);
    await put('alice-secret');
    await sut.execute(await sign({ accessKey: 'alice', secretKey: 'alice-secret' }));
    await put('alice-secret-2');
    await expect(sut.execute(await sign({ accessKey: 'alice', secretKey: 'alice-secret' }))).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
    expect(await sut.execute(await sign({ accessKey: 'alice', secretKey: 'alice-secret-2' }))).toMatchObject({ userId: 'alice' });
  });

  it('verifies the root user again on the next day, with that day\'s signing key', async () => {
    const clock = new FixedClock(NOW.getTime());
    const sut = new LongTermCallerIdentity(new LongTermIdentities(ROOT, new InMemoryUserStore(), sealer, new InMemoryServiceAccountStore(), clock), clock, undefined);
    await sut.execute(await sign(ROOT));
    const tomorrow = new Date(NOW.getTime() + 86_400_000);
    clock.time = tomorrow.getTime();
    const signedTomorrow = await signWithSdk({ ...ROOT, body: 'Action=GetCallerIdentity&Version=2011-06-15', signedAt: tomorrow });
    expect(await sut.execute(signedTomorrow)).toMatchObject({ userId: '000000000000' });
    await expect(sut.execute(await sign({ ...ROOT, secretKey: 'wrong-secret' }))).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
  });
});
