import type { CredentialDeletionFeed, FeedSubscription } from '#domain';
import type { EtcdConnection } from './etcd-client.js';
import { credentialKey } from './etcd-credential-store.js';

const PREFIX = credentialKey('');

/**
 * The backstop for a missed revocation event: every deletion of a stored credential (revocation,
 * lease expiry) reaches the callback, from etcd itself. The watch resumes after a reconnect.
 */
export class EtcdCredentialDeletionFeed implements CredentialDeletionFeed {
  constructor(private readonly etcd: EtcdConnection) {}

  async watchDeletions(onDeleted: (accessKey: string) => void): Promise<FeedSubscription> {
    const watcher = await this.etcd.keys.watch().prefix(PREFIX).create();
    watcher.on('delete', (kv: { key: Buffer }) => onDeleted(kv.key.toString().slice(PREFIX.length)));
    return { close: () => watcher.cancel() };
  }
}
