import type { Watcher } from 'etcd3';
import type { EtcdConnection } from './etcd-client.js';
import { credentialKey } from './etcd-credential-store.js';

const PREFIX = credentialKey('');

/**
 * The backstop for a missed revocation event: every deletion of a stored credential (revocation,
 * lease expiry) reaches the callback, from etcd itself. The watch resumes after a reconnect.
 */
export async function watchCredentialDeletions(etcd: EtcdConnection, onDeleted: (accessKey: string) => void): Promise<Watcher> {
  const watcher = await etcd.keys.watch().prefix(PREFIX).create();
  watcher.on('delete', (kv: { key: Buffer }) => onDeleted(kv.key.toString().slice(PREFIX.length)));
  return watcher;
}
