import type { Watcher } from 'etcd3';
import type { UserRecord, UserStore } from '#domain';
import type { EtcdConnection } from './etcd-client.js';
import { withStorageErrors } from './etcd-errors.js';
import { EtcdJsonRecords } from './etcd-json-records.js';
import { IamKeys, nameAfter } from './iam-keys.js';

/**
 * Users, optionally read through a cache that a prefix watch keeps honest: a change in etcd evicts
 * the entry, and a miss always reads etcd, so a user created a moment ago is found (read-your-write).
 */
export class EtcdUserStore implements UserStore {
  private readonly cache = new Map<string, UserRecord>();
  /** Bumped by every watch event of a user: a read that overlapped one is returned but not cached. */
  private readonly generations = new Map<string, number>();
  private watcher?: Watcher;
  private readonly records: EtcdJsonRecords<UserRecord>;

  constructor(private readonly etcd: EtcdConnection) {
    this.records = new EtcdJsonRecords(etcd, 'user');
  }

  async watch(): Promise<void> {
    this.watcher = await this.etcd.keys.watch().prefix(IamKeys.usersPrefix).create();
    const evict = (kv: { key: Buffer }) => {
      const accessKey = nameAfter(kv.key.toString(), IamKeys.usersPrefix);
      this.cache.delete(accessKey);
      this.generations.set(accessKey, (this.generations.get(accessKey) ?? 0) + 1);
    };
    this.watcher.on('put', evict).on('delete', evict).on('disconnected', () => this.cache.clear());
  }

  async close(): Promise<void> {
    await this.watcher?.cancel();
  }

  get(accessKey: string): Promise<UserRecord | null> {
    const cached = this.cache.get(accessKey);
    if (cached) return Promise.resolve(cached);
    const generation = this.generations.get(accessKey);
    return this.records.get(IamKeys.user(accessKey)).then((record) => {
      if (record && this.watcher && this.generations.get(accessKey) === generation) this.cache.set(accessKey, record);
      return record;
    });
  }

  put(record: UserRecord): Promise<void> {
    return this.records.put(IamKeys.user(record.accessKey), record);
  }

  list(): Promise<UserRecord[]> {
    return this.records.list(IamKeys.usersPrefix);
  }

  /** The user and its policy mapping go in one transaction. */
  remove(accessKey: string): Promise<boolean> {
    return withStorageErrors('user write', async () => {
      const keys = this.etcd.keys;
      const key = IamKeys.user(accessKey);
      const result = await keys.if(key, 'Create', '>', 0)
        .then(keys.delete().key(key), keys.delete().key(IamKeys.mapping('users', accessKey)))
        .commit();
      return result.succeeded;
    });
  }
}
