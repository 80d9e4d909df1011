import { randomBytes } from 'node:crypto';
import { StsError } from '#contracts';
import type { LoginBudgetKey, LoginFailureBudget } from '#domain';
import type { EtcdConnection } from './etcd-client.js';
import { withStorageErrors } from './etcd-errors.js';
import { LeaseBuckets } from './lease-buckets.js';

/** The budget document of one counter key. */
export const loginFailureKey = (key: string) => `sts/login-failures/${encodeURIComponent(key)}`;

interface Budget {
  /** Failures (and reservations, which count as failures until released) with when each stops counting. */
  entries: Array<{ id: string; until: number }>;
}

interface Read {
  key: string;
  modRevision: string;
  live: Budget['entries'];
}

/** Conflicting writers retry this many times; a refusal needs no write, so contention ends at the limit. */
const MAX_ATTEMPTS = 100;

/**
 * Failed-login budgets shared by every replica: one JSON document per counter key with its live
 * entries, changed only by compare-and-swap on the documents' revisions, so a reservation checks
 * every key's limit and takes one unit of each in one atomic step — N parallel guesses cannot
 * exceed a limit. A document lives under a lease that ends with its newest entry; entries past
 * their window are dropped on every write and ignored on every read. Only the issuer writes (DESIGN §2).
 */
export class EtcdLoginFailureStore implements LoginFailureBudget {
  private readonly leases: LeaseBuckets;
  /** The last change queued per budget key in this process: a guessing burst queues here instead of spinning on conflicts. */
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(private readonly etcd: EtcdConnection, private readonly now: () => number = Date.now) {
    this.leases = new LeaseBuckets(etcd.client, { widthSeconds: 5, maxKeys: 1000 });
  }

  counts(keys: readonly string[]): Promise<number[]> {
    return withStorageErrors('login failure read', async () => (await Promise.all(keys.map((key) => this.read(key)))).map((r) => r.live.length));
  }

  reserve(keys: readonly LoginBudgetKey[], windowSeconds: number): Promise<string | null> {
    return this.inTurn(keys.map((k) => k.key), () => this.reserveNow(keys, windowSeconds));
  }

  release(keys: readonly string[], reservation: string): Promise<void> {
    return this.inTurn(keys, () => this.releaseNow(keys, reservation));
  }

  /**
   * Runs `work` after every change already queued on any of `keys` in this process. Other replicas
   * are kept out by the compare-and-swap; this only spares one replica conflicts with itself.
   */
  private inTurn<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const before = keys.map((key) => this.tails.get(key)).filter((p): p is Promise<unknown> => p !== undefined);
    const run = Promise.allSettled(before).then(work);
    const tail = run.catch(() => undefined);
    for (const key of keys) this.tails.set(key, tail);
    void tail.then(() => keys.forEach((key) => this.tails.get(key) === tail && this.tails.delete(key)));
    return run;
  }

  private reserveNow(keys: readonly LoginBudgetKey[], windowSeconds: number): Promise<string | null> {
    return withStorageErrors('login failure write', async () => {
      const id = `${this.now().toString(36)}-${randomBytes(6).toString('hex')}`;
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const reads = await Promise.all(keys.map((k) => this.read(k.key)));
        if (reads.some((read, i) => read.live.length >= keys[i].limit)) return null;
        const until = this.now() + windowSeconds * 1000;
        if (await this.swap(reads, (live) => [...live, { id, until }])) return id;
        await pause(attempt);
      }
      throw new StsError('ServiceUnavailable', 'The failed-login budget is too contended; please try again.');
    });
  }

  private releaseNow(keys: readonly string[], reservation: string): Promise<void> {
    return withStorageErrors('login failure write', async () => {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const reads = (await Promise.all(keys.map((key) => this.read(key)))).filter((r) => r.live.some((e) => e.id === reservation));
        if (reads.length === 0 || (await this.swap(reads, (live) => live.filter((e) => e.id !== reservation)))) return;
        await pause(attempt);
      }
    });
  }

  private async read(key: string): Promise<Read> {
    const path = loginFailureKey(key);
    const kv = (await this.etcd.keys.get(path).exec()).kvs[0];
    const now = this.now();
    const entries = kv ? (JSON.parse(kv.value.toString('utf8')) as Budget).entries : [];
    return { key: path, modRevision: kv ? kv.mod_revision : '0', live: entries.filter((e) => e.until > now) };
  }

  /** Writes every document changed by `change`, only if none changed since it was read. */
  private async swap(reads: Read[], change: (live: Budget['entries']) => Budget['entries']): Promise<boolean> {
    const now = this.now();
    const changed = reads.map((read) => change(read.live));
    // Builders are thenables that run when awaited: leases first, then the operations, unawaited.
    const leases = await Promise.all(changed.map((entries) => (entries.length === 0 ? undefined : this.leases.leaseFor(Math.max(...entries.map((e) => e.until)), now))));
    const writes = reads.map((read, i) => (leases[i] === undefined
      ? this.etcd.keys.delete().key(read.key)
      : this.etcd.keys.put(read.key).value(JSON.stringify({ entries: changed[i] })).lease(leases[i]!)));
    let txn = this.etcd.keys.if(reads[0].key, 'Mod', '==', reads[0].modRevision);
    for (const read of reads.slice(1)) txn = txn.and(read.key, 'Mod', '==', read.modRevision);
    return (await txn.then(...writes).commit()).succeeded;
  }
}

/** A short random pause, growing with the attempts, so conflicting writers spread out. */
const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 + attempt * 2)));
