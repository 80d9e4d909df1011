import { describe, expect, it } from '@jest/globals';
import { Events } from '#contracts';
import type { FeedSubscription } from '#domain';
import type { StsClient } from '#infra-nats';
import { ChangeFeedTrust } from './change-feed-trust.js';
import type { GatewayConfig } from './config.js';

/** A bus the test connects, reconnects and publishes on. */
function bus() {
  const handlers = new Map<string, () => void>();
  const state = { connected: true, reconnections: 0 };
  const client = {
    isConnected: () => state.connected,
    get reconnections() {
      return state.reconnections;
    },
    subscribe: (event: string, handler: () => void) => handlers.set(event, handler),
  } as unknown as StsClient;
  return { client, state, publish: (event: string) => handlers.get(event)!() };
}

const config = (events: boolean) => ({ invalidation: { events, watches: true } }) as GatewayConfig;

function watch(): FeedSubscription & { live: boolean } {
  const subscription = { live: true, healthy: () => subscription.live, close: async () => undefined };
  return subscription;
}

describe(ChangeFeedTrust.name, () => {
  it('is given while the bus is connected, and changes when it comes back or an issuer leaves', () => {
    const { client, state, publish } = bus();
    const trust = new ChangeFeedTrust(client, config(true));
    trust.onApplicationBootstrap();
    const first = trust.epoch();
    expect(first).toBeDefined();
    state.connected = false;
    expect(trust.epoch()).toBeUndefined();
    state.connected = true;
    state.reconnections++;
    const second = trust.epoch();
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    publish(Events.IssuerLeaving);
    expect(trust.epoch()).not.toBe(second);
  });

  it('is withheld until the IAM watch runs and whenever it is down', async () => {
    const { client } = bus();
    const trust = new ChangeFeedTrust(client, config(true));
    const subscription = watch();
    let start: (s: FeedSubscription) => void = () => undefined;
    trust.follow(new Promise((resolve) => (start = resolve)));
    expect(trust.epoch()).toBeUndefined();
    start(subscription);
    await Promise.resolve();
    expect(trust.epoch()).toBeDefined();
    subscription.live = false;
    expect(trust.epoch()).toBeUndefined();
  });

  it('is withheld for good when the IAM watch cannot start', async () => {
    const { client } = bus();
    const trust = new ChangeFeedTrust(client, config(true));
    const failed = Promise.reject(new Error('etcd down'));
    trust.follow(failed);
    await failed.catch(() => undefined);
    expect(trust.epoch()).toBeUndefined();
  });

  it('does not depend on the bus when the gateway ignores events (test-only watch mode)', () => {
    const { client, state } = bus();
    const trust = new ChangeFeedTrust(client, config(false));
    state.connected = false;
    expect(trust.epoch()).toBeDefined();
  });
});
