import type { UserRecord, UserStore } from '#domain';
import { connectEtcd, type EtcdConnection } from './etcd-client.js';
import { withStorageErrors } from './etcd-errors.js';
import { EtcdJsonRecords } from './etcd-json-records.js';
import { IamKeys, nameAfter } from './iam-keys.js';
import { ResilientPrefixWatch } from './resilient-watch.js';

/**
 * Users, optionally read through a cache that a prefix watch keeps honest: a change in etcd evicts
 * the entry, and a miss always reads etcd, so a user created a moment ago is found (read-your-write).
 * Staleness is bounded by the watch itself: while it is down the cache is not used, and when it comes
 * back (after an outage or a compaction) the cache starts empty.
 */
export class EtcdUserStore implements UserStore {
  private readonly cache = new Map<string, UserRecord>();
  /** Bumped by every watch event of a user: a read that overlapped one is returned but not cached. */
  private readonly generations = new Map<string, number>();
  /** Bumped when the whole cache is dropped: a read that overlapped that is returned but not cached. */
  private epoch = 0;
  private watcher?: ResilientPrefixWatch;
  private readonly records: EtcdJsonRecords<UserRecord>;

  constructor(private readonly etcd: EtcdConnection) {
    this.records = new EtcdJsonRecords(etcd, 'user');
  }

  /** Starts the cache; it serves only while the watch is live (a resync or an outage empties it). */
  async watch(): Promise<void> {
    const evict = (key: string) => {
      const accessKey = nameAfter(key, IamKeys.usersPrefix);
      this.cache.delete(accessKey);
      this.generations.set(accessKey, (this.generations.get(accessKey) ?? 0) + 1);
    };
    const forgetAll = () => {
      this.cache.clear();
      this.epoch++;
    };
    this.watcher = new ResilientPrefixWatch(() => connectEtcd(this.etcd.options), IamKeys.usersPrefix, { onPut: evict, onDelete: evict, onResync: forgetAll, onInterrupted: forgetAll });
    await this.watcher.start();
  }

  /** False while the cache's watch is down (readiness reports it; reads then go to etcd). */
  watchHealthy(): boolean {
    return this.watcher?.healthy ?? false;
  }

  async close(): Promise<void> {
    await this.watcher?.stop();
  }

  get(accessKey: string): Promise<UserRecord | null> {
    const cached = this.watcher?.healthy ? this.cache.get(accessKey) : undefined;
    if (cached) return Promise.resolve(cached);
    const generation = this.generations.get(accessKey);
    const epoch = this.epoch;
    return this.records.get(IamKeys.user(accessKey)).then((record) => {
      if (record && this.watcher?.healthy && this.epoch === epoch && this.generations.get(accessKey) === generation) this.cache.set(accessKey, record);
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
