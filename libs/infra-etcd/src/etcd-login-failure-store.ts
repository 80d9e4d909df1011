import {
  CoalescedLoginBudget, type BudgetDocument, type BudgetDocuments, type BudgetEntry, type HeldReservation, type LoginBudgetKey, type LoginFailureBudget,
} from '#domain';
import type { EtcdConnection } from './etcd-client.js';
import { withStorageErrors } from './etcd-errors.js';
import { LeaseBuckets } from './lease-buckets.js';

/** The budget document of one counter key. */
export const loginFailureKey = (key: string) => `sts/login-failures/${encodeURIComponent(key)}`;

/**
 * Failed-login budgets shared by every replica: one JSON document `{ entries }` per counter key with
 * its live entries, changed only by compare-and-swap on the documents' revisions, so a reservation
 * checks every key's limit and takes one unit of each in one atomic step — N parallel guesses cannot
 * exceed a limit. Reservations and give-backs queued on the same keys in one issuer share one read
 * and one swap (`CoalescedLoginBudget`). A document lives under a lease that ends with its newest
 * entry; entries past their window are dropped on every write and ignored on every read. Only the
 * issuer writes (DESIGN §2).
 */
export class EtcdLoginFailureStore implements LoginFailureBudget {
  private readonly documents: EtcdBudgetDocuments;
  private readonly budget: CoalescedLoginBudget;

  constructor(etcd: EtcdConnection, now: () => number = Date.now) {
    this.documents = new EtcdBudgetDocuments(etcd, now);
    this.budget = new CoalescedLoginBudget(this.documents, { now });
  }

  counts(keys: readonly string[]): Promise<number[]> {
    return this.documents.read(keys, true).then((documents) => documents.map((d) => d.live.length));
  }

  reserve(keys: readonly LoginBudgetKey[], windowSeconds: number): Promise<string | null> {
    return this.budget.reserve(keys, windowSeconds);
  }

  release(held: readonly HeldReservation[]): Promise<void> {
    return this.budget.release(held);
  }
}

/** Documents remembered per process, and the largest one remembered (a huge budget is read each time instead). */
const MAX_KNOWN_KEYS = 10_000;
const MAX_KNOWN_ENTRIES = 1_000;

/**
 * The documents in etcd. Each one this process last read or wrote is remembered with its revision,
 * so the next batch on that key swaps against it without reading first: one round trip per batch.
 * Remembering is only an optimistic guess — another replica's write (or the lease ending) makes the
 * swap fail on the revision, and the batch re-reads.
 */
class EtcdBudgetDocuments implements BudgetDocuments {
  private readonly leases: LeaseBuckets;
  private readonly known = new Map<string, { version: string; entries: BudgetEntry[] }>();

  constructor(private readonly etcd: EtcdConnection, private readonly now: () => number) {
    this.leases = new LeaseBuckets(etcd.client.leaseClient, { widthSeconds: 5, maxKeys: 1000 });
  }

  read(keys: readonly string[], fresh: boolean): Promise<BudgetDocument[]> {
    return withStorageErrors('login failure read', () => Promise.all(keys.map((key) => {
      const known = fresh ? undefined : this.known.get(key);
      return known ? { ...this.document(key, known.version, known.entries), remembered: true } : this.readOne(key);
    })));
  }

  private async readOne(key: string): Promise<BudgetDocument> {
    const kv = (await this.etcd.keys.get(loginFailureKey(key)).exec()).kvs[0];
    const version = kv ? kv.mod_revision : '0';
    const entries: BudgetEntry[] = kv ? JSON.parse(kv.value.toString('utf8')).entries : [];
    this.remember(key, version, entries);
    return this.document(key, version, entries);
  }

  private document(key: string, version: string, entries: BudgetEntry[]): BudgetDocument {
    const now = this.now();
    return { key, version, live: entries.filter((e) => e.until > now) };
  }

  private remember(key: string, version: string, entries: BudgetEntry[]): void {
    this.known.delete(key);
    if (entries.length > MAX_KNOWN_ENTRIES) return;
    if (this.known.size >= MAX_KNOWN_KEYS) this.known.delete(this.known.keys().next().value!);
    this.known.set(key, { version, entries });
  }

  swap(changes: ReadonlyArray<{ document: BudgetDocument; entries: BudgetEntry[] }>): Promise<boolean> {
    return withStorageErrors('login failure write', async () => {
      const now = this.now();
      // Builders are thenables that run when awaited: leases first, then the operations, unawaited.
      const leases = await Promise.all(changes.map(({ entries }) => (entries.length === 0 ? undefined : this.leases.leaseFor(Math.max(...entries.map((e) => e.until)), now))));
      const writes = changes.map(({ document, entries }, i) => (leases[i] === undefined
        ? this.etcd.keys.delete().key(loginFailureKey(document.key))
        : this.etcd.keys.put(loginFailureKey(document.key)).value(JSON.stringify({ entries })).lease(leases[i]!)));
      const [first, ...rest] = changes.map((c) => c.document);
      let txn = this.etcd.keys.if(loginFailureKey(first.key), 'Mod', '==', first.version);
      for (const document of rest) txn = txn.and(loginFailureKey(document.key), 'Mod', '==', document.version);
      let result;
      try {
        result = await txn.then(...writes).commit();
      } catch (error) {
        changes.forEach(({ document }) => this.known.delete(document.key));
        throw error;
      }
      // Every write of one transaction carries its revision; a deleted key reads as revision 0.
      for (const { document, entries } of changes) {
        if (result.succeeded) this.remember(document.key, entries.length === 0 ? '0' : result.header.revision, entries);
        else this.known.delete(document.key);
      }
      return result.succeeded;
    });
  }
}
