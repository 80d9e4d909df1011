import type { Watcher } from 'etcd3';
import type { UserRecord, UserStore } from '#domain';
import type { EtcdConnection } from './etcd-client.js';
import { withStorageErrors } from './etcd-errors.js';
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

  constructor(private readonly etcd: EtcdConnection) {}

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
    return withStorageErrors('user read', async () => {
      const value = await this.etcd.keys.get(IamKeys.user(accessKey)).string();
      if (value === null) return null;
      const record = JSON.parse(value) as UserRecord;
      if (this.watcher && this.generations.get(accessKey) === generation) this.cache.set(accessKey, record);
      return record;
    });
  }

  put(record: UserRecord): Promise<void> {
    return withStorageErrors('user write', async () => {
      await this.etcd.keys.put(IamKeys.user(record.accessKey)).value(JSON.stringify(record));
    });
  }

  list(): Promise<UserRecord[]> {
    return withStorageErrors('user read', async () => {
      const values = await this.etcd.keys.getAll().prefix(IamKeys.usersPrefix).strings();
      return Object.values(values).map((v) => JSON.parse(v) as UserRecord);
    });
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
