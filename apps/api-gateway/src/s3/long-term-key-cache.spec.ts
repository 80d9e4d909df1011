import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { LongTermKey, LookupLongTermKeyResponse } from '#contracts';
import type { StsClient } from '#infra-nats';
import { LongTermKeyCache } from './long-term-key-cache.js';

const keyWith = (policyNames: string[]): LongTermKey => ({
  accessKey: 'alice', secretKey: 'alice-secret', parent: 'alice', provider: 'builtin', enabled: true, access: { owner: false, policies: [], policyNames },
});

/** An issuer whose answers the test releases one by one, in the order they were asked. */
function heldIssuer() {
  const asked: Array<(answer: LookupLongTermKeyResponse) => void> = [];
  const client = { request: () => new Promise<LookupLongTermKeyResponse>((resolve) => asked.push(resolve)) } as unknown as StsClient;
  return { client, asked };
}

describe(LongTermKeyCache.name, () => {
  it('shares one lookup between callers that miss together', async () => {
    const { client, asked } = heldIssuer();
    const cache = new LongTermKeyCache(client);
    const first = cache.find('alice');
    const second = cache.find('alice');
    expect(asked).toHaveLength(1);
    asked[0]!({ key: keyWith(['wide']), temporary: false });
    expect(await first).toEqual(await second);
  });

  it('asks afresh for a caller that comes after a change, rather than join a lookup sent before it', async () => {
    const { client, asked } = heldIssuer();
    const cache = new LongTermKeyCache(client);
    const before = cache.find('alice');
    cache.evictWhere(() => true);
    const after = cache.find('alice');
    expect(asked).toHaveLength(2);
    asked[0]!({ key: keyWith(['wide']), temporary: false });
    asked[1]!({ key: keyWith([]), temporary: false });
    expect(await before).toMatchObject({ access: { policyNames: ['wide'] } });
    expect(await after).toMatchObject({ access: { policyNames: [] } });
    // Only the answer asked for after the change is kept.
    expect(await cache.find('alice')).toMatchObject({ access: { policyNames: [] } });
    expect(asked).toHaveLength(2);
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('refuses a key the issuer does not know from memory, until any change could have created it', async () => {
    const { client, asked } = heldIssuer();
    const cache = new LongTermKeyCache(client);
    const first = cache.find('gone');
    asked[0]!({ key: null, temporary: false });
    expect(await first).toBeNull();
    expect(await cache.find('gone')).toBeNull();
    expect(asked).toHaveLength(1);
    // A user or service account added (its event, or the `iam/` watch) may be this key.
    cache.evictWhere(() => false);
    const again = cache.find('gone');
    expect(asked).toHaveLength(2);
    asked[1]!({ key: keyWith([]), temporary: false });
    expect(await again).toMatchObject({ accessKey: 'alice' });
    cache.clear();
    void cache.find('gone');
    expect(asked).toHaveLength(3);
  });

  it('does not remember an unknown key from a lookup that overlapped a change (the key may be new)', async () => {
    const { client, asked } = heldIssuer();
    const cache = new LongTermKeyCache(client);
    const overlapping = cache.find('new');
    cache.evictWhere(() => false);
    asked[0]!({ key: null, temporary: false });
    expect(await overlapping).toBeNull();
    void cache.find('new');
    expect(asked).toHaveLength(2);
  });

  it("asks again about an unknown key after ten seconds, and never remembers a temporary credential's key", async () => {
    const { client, asked } = heldIssuer();
    const cache = new LongTermKeyCache(client);
    const unknown = cache.find('gone');
    asked[0]!({ key: null, temporary: false });
    await unknown;
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + 9_000);
    expect(await cache.find('gone')).toBeNull();
    expect(asked).toHaveLength(1);
    jest.spyOn(Date, 'now').mockReturnValue(now + 11_000);
    void cache.find('gone');
    expect(asked).toHaveLength(2);
    const temporary = cache.find('ABCDEFGHIJ0123456789');
    asked[2]!({ key: null, temporary: true });
    expect(await temporary).toBe('temporary');
    void cache.find('ABCDEFGHIJ0123456789');
    expect(asked).toHaveLength(4);
  });
});
