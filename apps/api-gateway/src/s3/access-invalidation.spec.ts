import { describe, expect, it } from '@jest/globals';
import { Events, type LongTermKey, type LookupLongTermKeyResponse } from '#contracts';
import type { StsClient } from '#infra-nats';
import type { GatewayConfig } from '../config.js';
import type { ChangeFeedTrust } from '../change-feed-trust.js';
import { LiveCredentialCache } from '../live-credential-cache.js';
import { AccessInvalidation } from './access-invalidation.js';
import { LongTermKeyCache } from './long-term-key-cache.js';

const rootKey = (accessKey: string): LongTermKey => ({
  accessKey, secretKey: `${accessKey}-secret`, parent: accessKey, provider: 'builtin', enabled: true, access: { owner: true, policies: [], policyNames: [] },
});

/** A bus that records subscriptions (the test delivers events) and answers lookups from `keys`. */
function bus(keys: Map<string, LongTermKey>) {
  const handlers = new Map<string, (payload: unknown) => void>();
  let lookups = 0;
  const client = {
    subscribe: (event: string, handler: (payload: unknown) => void) => handlers.set(event, handler),
    request: async (_subject: string, { accessKey }: { accessKey: string }): Promise<LookupLongTermKeyResponse> => {
      lookups++;
      const key = keys.get(accessKey);
      return { key: key ?? null, temporary: false };
    },
  } as unknown as StsClient;
  return { client, deliver: (event: string, payload: unknown) => handlers.get(event)!(payload), lookups: () => lookups };
}

describe(AccessInvalidation.name, () => {
  const config = { invalidation: { events: true } } as unknown as GatewayConfig;

  it('asks afresh for every long-term key once an issuer leaves (its successor may have another root user)', async () => {
    const keys = new Map([['old-root', rootKey('old-root')]]);
    const { client, deliver, lookups } = bus(keys);
    const longTerm = new LongTermKeyCache(client);
    new AccessInvalidation(client, new LiveCredentialCache(client), longTerm, {} as ChangeFeedTrust, config).onApplicationBootstrap();

    expect(await longTerm.find('old-root')).toMatchObject({ accessKey: 'old-root' });
    expect(await longTerm.find('old-root')).toMatchObject({ accessKey: 'old-root' });
    expect(lookups()).toBe(1);

    // The issuer restarts with MINIO_ROOT_USER changed: the old root key no longer exists.
    keys.delete('old-root');
    deliver(Events.IssuerLeaving, { queue: 'credential-issuer' });
    expect(await longTerm.find('old-root')).toBeNull();
    expect(lookups()).toBe(2);
  });
});
