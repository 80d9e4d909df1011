import { randomBytes } from 'node:crypto';
import type { EtcdConnection } from './etcd-client.js';
import { withStorageErrors } from './etcd-errors.js';
import { LeaseBuckets } from './lease-buckets.js';

/** Where the failures of one counter key live: one etcd key per failure below it. */
export const loginFailurePrefix = (key: string) => `sts/login-failures/${encodeURIComponent(key)}/`;

interface FailureRecord {
  /** When this failure stops counting (epoch ms). */
  until: number;
}

/**
 * Failed-login counters shared by every replica, as a sliding-window log: each failure is a key of
 * its own under `sts/login-failures/<key>/`, leased for the window, so concurrent writers never
 * conflict (a read-modify-write counter spun on compare-and-swap under a guessing burst) and a
 * failure stops counting by itself. Leases are shared 5 s buckets; readers also check `until`. The
 * keys per counter stay bounded: once a limit is reached, attempts are refused before they can fail.
 * The verifiers read; only the issuer records (DESIGN §2).
 */
export class EtcdLoginFailureStore {
  private readonly leases: LeaseBuckets;

  constructor(private readonly etcd: EtcdConnection, private readonly now: () => number = Date.now) {
    this.leases = new LeaseBuckets(etcd.client, { widthSeconds: 5, maxKeys: 1000 });
  }

  counts(keys: readonly string[]): Promise<number[]> {
    return withStorageErrors('login failure read', () => Promise.all(keys.map((key) => this.count(key))));
  }

  /** One failure for each key, in one transaction; resolves with the counts after it. */
  record(keys: readonly string[], windowSeconds: number): Promise<number[]> {
    return withStorageErrors('login failure write', async () => {
      const now = this.now();
      const record: FailureRecord = { until: now + windowSeconds * 1000 };
      const lease = await this.leases.leaseFor(record.until, now);
      const id = `${now.toString(36)}-${randomBytes(6).toString('hex')}`;
      const puts = keys.map((key) => this.etcd.keys.put(`${loginFailurePrefix(key)}${id}`).value(JSON.stringify(record)).lease(lease));
      // A transaction only to write every key at once; the fresh id is never present already.
      await this.etcd.keys.if(`${loginFailurePrefix(keys[0])}${id}`, 'Create', '==', 0).then(...puts).commit();
      return Promise.all(keys.map((key) => this.count(key)));
    });
  }

  private async count(key: string): Promise<number> {
    const values = await this.etcd.keys.getAll().prefix(loginFailurePrefix(key)).strings();
    const now = this.now();
    return Object.values(values).filter((value) => (JSON.parse(value) as FailureRecord).until > now).length;
  }
}
