import type { FeedSubscription, IamChangeFeed } from '#domain';
import { connectEtcd, type EtcdConnection } from './etcd-client.js';
import { ResilientPrefixWatch } from './resilient-watch.js';

/**
 * Every write or delete under `iam/`: the backstop for a missed access-change event. The watch
 * survives outages and compaction (ResilientPrefixWatch); a resync or an interruption is reported as
 * a change too, so the consumer forgets what it cached rather than trust it.
 */
export class EtcdIamChangeFeed implements IamChangeFeed {
  constructor(private readonly etcd: EtcdConnection) {}

  async watchChanges(onChanged: () => void): Promise<FeedSubscription> {
    const watch = new ResilientPrefixWatch(() => connectEtcd(this.etcd.options), 'iam/', {
      onPut: () => onChanged(),
      onDelete: () => onChanged(),
      onResync: onChanged,
      onInterrupted: onChanged,
    });
    await watch.start();
    return { healthy: () => watch.healthy, close: () => watch.stop() };
  }
}
