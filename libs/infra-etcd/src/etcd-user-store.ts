import type { Watcher } from 'etcd3';
import type { UserRecord, UserStore } from '#domain';
import type { EtcdConnection } from './etcd-client.js';
import { withStorageErrors } from './etcd-errors.js';

const USERS_PREFIX = 'iam/users/';
export const userKey = (accessKey: string) => `${USERS_PREFIX}${accessKey}`;

/**
 * Users read through a cache that a prefix watch keeps honest: a change in etcd evicts the entry,
 * and a miss always reads etcd, so a user created a moment ago is found (read-your-write).
 */
export class EtcdUserStore implements UserStore {
  private readonly cache = new Map<string, UserRecord>();
  private watcher?: Watcher;

  constructor(private readonly etcd: EtcdConnection) {}

  async watch(): Promise<void> {
    this.watcher = await this.etcd.keys.watch().prefix(USERS_PREFIX).create();
    const evict = (kv: { key: Buffer }) => this.cache.delete(kv.key.toString().slice(USERS_PREFIX.length));
    this.watcher.on('put', evict).on('delete', evict).on('disconnected', () => this.cache.clear());
  }

  async close(): Promise<void> {
    await this.watcher?.cancel();
  }

  get(accessKey: string): Promise<UserRecord | null> {
    const cached = this.cache.get(accessKey);
    if (cached) return Promise.resolve(cached);
    return withStorageErrors('user read', async () => {
      const value = await this.etcd.keys.get(userKey(accessKey)).string();
      if (value === null) return null;
      const record = JSON.parse(value) as UserRecord;
      if (this.watcher) this.cache.set(accessKey, record);
      return record;
    });
  }

  put(record: UserRecord): Promise<void> {
    return withStorageErrors('user write', async () => {
      await this.etcd.keys.put(userKey(record.accessKey)).value(JSON.stringify(record));
    });
  }
}
