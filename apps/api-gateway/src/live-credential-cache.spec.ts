import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { LiveCredential } from '#contracts';
import type { StsClient } from '#infra-nats';
import { LiveCredentialCache } from './live-credential-cache.js';

const KEY = 'ABCDEFGHIJ0123456789';
const credential = (expiresAt = Date.now() + 60_000): LiveCredential => ({
  accessKey: KEY, secretKey: 's', sessionTokenSha256: 'h', parent: 'alice', provider: 'builtin', expiresAt, parentStatus: 'enabled',
});

/** A client whose lookups answer when the test says so, counting them. */
function fakeClient(answer: () => LiveCredential | null) {
  const state = { lookups: 0, release: [] as Array<() => void> };
  const client = {
    request: () => {
      state.lookups++;
      return new Promise((resolve) => state.release.push(() => resolve({ credential: answer() })));
    },
    subscribe: () => undefined,
  } as unknown as StsClient;
  return { client, state, releaseAll: () => state.release.splice(0).forEach((r) => r()) };
}

async function lookup(sut: LiveCredentialCache, fake: ReturnType<typeof fakeClient>) {
  const pending = sut.find(KEY, 'tok');
  await Promise.resolve();
  fake.releaseAll();
  return pending;
}

describe(LiveCredentialCache.name, () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('looks up a miss, then answers from memory; one lookup for concurrent misses', async () => {
    const fake = fakeClient(() => credential());
    const sut = new LiveCredentialCache(fake.client);
    const both = Promise.all([sut.find(KEY, 'tok'), sut.find(KEY, 'tok')]);
    await Promise.resolve();
    fake.releaseAll();
    expect((await both).map((c) => c?.parent)).toEqual(['alice', 'alice']);
    expect(await sut.find(KEY, 'tok')).not.toBeNull();
    expect(fake.state.lookups).toBe(1);
  });

  it('never caches a miss, so a credential issued elsewhere is found at once', async () => {
    let issued = false;
    const fake = fakeClient(() => (issued ? credential() : null));
    const sut = new LiveCredentialCache(fake.client);
    expect(await lookup(sut, fake)).toBeNull();
    issued = true;
    expect(await lookup(sut, fake)).not.toBeNull();
  });

  it('refuses a revoked key from memory from then on, and does not keep a lookup that overlapped the revocation', async () => {
    const fake = fakeClient(() => credential());
    const sut = new LiveCredentialCache(fake.client);
    const overlapping = sut.find(KEY, 'tok');
    await Promise.resolve();
    sut.evict([KEY]);
    fake.releaseAll();
    // Answered to the callers that joined it before the revocation, but not kept.
    expect(await overlapping).not.toBeNull();
    expect(await sut.find(KEY, 'tok')).toBeNull();
    expect(await sut.find(KEY, 'another token')).toBeNull();
    expect(fake.state.lookups).toBe(1);
  });

  it('refuses from memory a key whose record etcd deleted before it expired (a revocation whose event was missed)', async () => {
    const fake = fakeClient(() => credential());
    const sut = new LiveCredentialCache(fake.client);
    await lookup(sut, fake);
    sut.onRecordDeleted(KEY);
    sut.forgetAll();
    expect(await sut.find(KEY, 'tok')).toBeNull();
    expect(fake.state.lookups).toBe(1);
  });

  it('never lets a caller that came after a revocation or a parent change join a lookup sent before it', async () => {
    const fake = fakeClient(() => credential());
    const sut = new LiveCredentialCache(fake.client);
    const before = sut.find(KEY, 'tok');
    sut.evictWhere(() => true);
    const afterParentChange = sut.find(KEY, 'tok');
    sut.evict([KEY]);
    // A revoked key is not looked up at all.
    const afterRevocation = sut.find(KEY, 'tok');
    expect(fake.state.lookups).toBe(2);
    await Promise.resolve();
    fake.releaseAll();
    expect(await afterRevocation).toBeNull();
    await Promise.all([before, afterParentChange]);
    // Neither lookup was current when it answered: nothing is kept, and the key stays refused.
    expect(await sut.find(KEY, 'tok')).toBeNull();
    expect(fake.state.lookups).toBe(2);
  });

  it('keeps the answer of a lookup sent after a parent change, and only that one', async () => {
    const fake = fakeClient(() => credential());
    const sut = new LiveCredentialCache(fake.client);
    const before = sut.find(KEY, 'tok');
    sut.evictWhere(() => true);
    const after = sut.find(KEY, 'tok');
    await Promise.resolve();
    fake.releaseAll();
    await Promise.all([before, after]);
    expect(await sut.find(KEY, 'tok')).not.toBeNull();
    expect(fake.state.lookups).toBe(2);
  });

  it('keeps an expired entry when etcd drops its record, so late callers hear ExpiredToken', async () => {
    const fake = fakeClient(() => credential(Date.now() - 1000));
    const sut = new LiveCredentialCache(fake.client);
    await lookup(sut, fake);
    sut.onRecordDeleted(KEY);
    expect((await sut.find(KEY, 'tok'))?.accessKey).toBe(KEY);
    expect(fake.state.lookups).toBe(1);
  });

  it('asks the issuer again after a minute, so a missed event cannot keep an entry alive', async () => {
    const fake = fakeClient(() => credential(Date.now() + 3_600_000));
    const sut = new LiveCredentialCache(fake.client);
    await lookup(sut, fake);
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now + 59_000);
    expect(await sut.find(KEY, 'tok')).not.toBeNull();
    expect(fake.state.lookups).toBe(1);
    clock.mockReturnValue(now + 61_000);
    await lookup(sut, fake);
    expect(fake.state.lookups).toBe(2);
  });

  it('does not look up keys the issuer cannot have minted', async () => {
    const fake = fakeClient(() => credential());
    expect(await new LiveCredentialCache(fake.client).find('root', 'tok')).toBeNull();
    expect(fake.state.lookups).toBe(0);
  });
});
