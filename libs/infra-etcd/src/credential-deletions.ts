import type { CredentialDeletionFeed, FeedSubscription } from '#domain';
import { connectEtcd, type EtcdConnection } from './etcd-client.js';
import { credentialKey } from './credential-keys.js';
import { ResilientPrefixWatch } from './resilient-watch.js';

const PREFIX = credentialKey('');

/**
 * The backstop for a missed revocation event: every deletion of a stored credential (revocation,
 * lease expiry) reaches the callback, from etcd itself. The watch survives outages and compaction
 * (ResilientPrefixWatch); after one, `onResync` tells the consumer to forget what it cached.
 */
export class EtcdCredentialDeletionFeed implements CredentialDeletionFeed {
  constructor(private readonly etcd: EtcdConnection) {}

  async watchDeletions(onDeleted: (accessKey: string) => void, onResync: () => void): Promise<FeedSubscription> {
    const watch = new ResilientPrefixWatch(() => connectEtcd(this.etcd.options), PREFIX, {
      onDelete: (key) => onDeleted(key.slice(PREFIX.length)),
      onResync,
      onInterrupted: onResync,
    });
    await watch.start();
    return { healthy: () => watch.healthy, close: () => watch.stop() };
  }
}
