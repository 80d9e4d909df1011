import type { FeedSubscription, IamChangeFeed } from '#domain';
import type { EtcdConnection } from './etcd-client.js';

/** Every write or delete under `iam/`: the backstop for a missed access-change event. */
export class EtcdIamChangeFeed implements IamChangeFeed {
  constructor(private readonly etcd: EtcdConnection) {}

  async watchChanges(onChanged: () => void): Promise<FeedSubscription> {
    const watcher = await this.etcd.keys.watch().prefix('iam/').create();
    watcher.on('put', () => onChanged());
    watcher.on('delete', () => onChanged());
    return { close: () => watcher.cancel() };
  }
}
