import {
  CoalescedLoginBudget, type BudgetDocument, type BudgetDocuments, type BudgetEntry, type LoginBudgetKey, type LoginFailureBudget,
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
    return this.documents.read(keys).then((documents) => documents.map((d) => d.live.length));
  }

  reserve(keys: readonly LoginBudgetKey[], windowSeconds: number): Promise<string | null> {
    return this.budget.reserve(keys, windowSeconds);
  }

  release(keys: readonly string[], reservation: string): Promise<void> {
    return this.budget.release(keys, reservation);
  }
}

class EtcdBudgetDocuments implements BudgetDocuments {
  private readonly leases: LeaseBuckets;

  constructor(private readonly etcd: EtcdConnection, private readonly now: () => number) {
    this.leases = new LeaseBuckets(etcd.client, { widthSeconds: 5, maxKeys: 1000 });
  }

  read(keys: readonly string[]): Promise<BudgetDocument[]> {
    return withStorageErrors('login failure read', () => Promise.all(keys.map((key) => this.readOne(key))));
  }

  private async readOne(key: string): Promise<BudgetDocument> {
    const kv = (await this.etcd.keys.get(loginFailureKey(key)).exec()).kvs[0];
    const now = this.now();
    const entries: BudgetEntry[] = kv ? JSON.parse(kv.value.toString('utf8')).entries : [];
    return { key, version: kv ? kv.mod_revision : '0', live: entries.filter((e) => e.until > now) };
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
      return (await txn.then(...writes).commit()).succeeded;
    });
  }
}
