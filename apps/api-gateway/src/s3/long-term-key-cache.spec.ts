import { describe, expect, it } from '@jest/globals';
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
});
