import { describe, expect, it } from '@jest/globals';
import type { BudgetDocument, BudgetDocuments, BudgetEntry } from './budget-documents.js';
import { CoalescedLoginBudget } from './coalesced-login-budget.js';

/** Documents in a map with a version each, like etcd's mod revisions; every call takes a tick, as a round trip would. */
class InMemoryDocuments implements BudgetDocuments {
  readonly docs = new Map<string, { version: number; entries: BudgetEntry[] }>();
  reads = 0;
  swaps: string[][] = [];
  conflicts = 0;
  failReads?: Error;
  failSwaps?: Error;
  /** Runs between a swap's arrival and its check: another writer's chance to win. */
  beforeSwap?: () => void;
  private revision = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async read(keys: readonly string[]): Promise<BudgetDocument[]> {
    await tick();
    this.reads++;
    if (this.failReads) throw this.failReads;
    return keys.map((key) => {
      const doc = this.docs.get(key);
      return { key, version: String(doc?.version ?? 0), live: (doc?.entries ?? []).filter((e) => e.until > this.now()) };
    });
  }

  async swap(changes: ReadonlyArray<{ document: BudgetDocument; entries: BudgetEntry[] }>): Promise<boolean> {
    await tick();
    if (this.failSwaps) throw this.failSwaps;
    this.beforeSwap?.();
    this.swaps.push(changes.map((c) => c.document.key));
    if (changes.some(({ document }) => String(this.docs.get(document.key)?.version ?? 0) !== document.version)) {
      this.conflicts++;
      return false;
    }
    this.revision++;
    for (const { document, entries } of changes) this.docs.set(document.key, { version: this.revision, entries });
    return true;
  }

  count(key: string): number {
    return this.docs.get(key)?.entries.length ?? 0;
  }
}

/** One replica's view of shared documents: it remembers what it last read or wrote, as the etcd adapter does. */
class RememberingView implements BudgetDocuments {
  private readonly known = new Map<string, BudgetDocument>();
  freshReads = 0;

  constructor(private readonly store: InMemoryDocuments) {}

  async read(keys: readonly string[], fresh: boolean): Promise<BudgetDocument[]> {
    const missing = keys.filter((key) => fresh || !this.known.has(key));
    if (missing.length > 0) this.freshReads++;
    for (const document of missing.length > 0 ? await this.store.read(missing) : []) this.known.set(document.key, document);
    return keys.map((key) => ({ ...this.known.get(key)!, remembered: !missing.includes(key) || undefined }));
  }

  async swap(changes: ReadonlyArray<{ document: BudgetDocument; entries: BudgetEntry[] }>): Promise<boolean> {
    const ok = await this.store.swap(changes);
    for (const { document, entries } of changes) {
      if (ok) this.known.set(document.key, { key: document.key, version: String(this.store.docs.get(document.key)!.version), live: entries });
      else this.known.delete(document.key);
    }
    return ok;
  }
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const noPause = async () => {};
const user = (limit: number) => ({ key: 'user:aa', limit });
const client = (limit: number) => ({ key: 'client:192.0.2.1', limit });
const giveBack = (budget: CoalescedLoginBudget, reservation: string) => budget.release([{ keys: ['user:aa'], reservation }]);

describe(CoalescedLoginBudget.name, () => {
  it('decides 64 reservations queued in one turn with one read and one swap, granting exactly the limit', async () => {
    const docs = new InMemoryDocuments();
    const budget = new CoalescedLoginBudget(docs);
    const results = await Promise.all(Array.from({ length: 64 }, () => budget.reserve([user(10), client(50)], 60)));
    expect(results.filter((r) => r !== null)).toHaveLength(10);
    expect({ reads: docs.reads, swaps: docs.swaps.length }).toEqual({ reads: 1, swaps: 1 });
    expect([docs.count('user:aa'), docs.count('client:192.0.2.1')]).toEqual([10, 10]);
  });

  it('queues what arrives while a batch on its keys is in flight, and decides it all in the next batch', async () => {
    const docs = new InMemoryDocuments();
    const budget = new CoalescedLoginBudget(docs);
    const first = budget.reserve([user(100)], 60);
    await tick(); // the first batch has started
    const later = Array.from({ length: 20 }, () => budget.reserve([user(100)], 60));
    await Promise.all([first, ...later]);
    expect(docs.swaps).toHaveLength(2);
    expect(docs.count('user:aa')).toBe(21);
  });

  it('gives reservations back in one swap, and a give-back frees room for a reservation decided after it', async () => {
    const docs = new InMemoryDocuments();
    const budget = new CoalescedLoginBudget(docs);
    const ids = await Promise.all([budget.reserve([user(2)], 60), budget.reserve([user(2)], 60)]);
    const swapsBefore = docs.swaps.length;
    const [, , afterRelease] = await Promise.all([giveBack(budget, ids[0]!), giveBack(budget, ids[1]!), budget.reserve([user(2)], 60)]);
    expect(afterRelease).not.toBeNull();
    expect(docs.swaps.length - swapsBefore).toBe(1);
    expect(docs.count('user:aa')).toBe(1);
  });

  it('gives back every reservation of one login in one swap', async () => {
    const docs = new InMemoryDocuments();
    const budget = new CoalescedLoginBudget(docs);
    const first = await budget.reserve([user(5), client(50)], 60);
    const entry = await budget.reserve([{ key: 'dn:bb', limit: 5 }], 60);
    const swaps = docs.swaps.length;
    await budget.release([{ keys: ['user:aa', 'client:192.0.2.1'], reservation: first! }, { keys: ['dn:bb'], reservation: entry! }]);
    expect(docs.swaps.length - swaps).toBe(1);
    expect([docs.count('user:aa'), docs.count('client:192.0.2.1'), docs.count('dn:bb')]).toEqual([0, 0, 0]);
  });

  it('refuses with no write once a key has used up its limit, and takes nothing from the other keys', async () => {
    const docs = new InMemoryDocuments();
    const budget = new CoalescedLoginBudget(docs);
    await budget.reserve([user(1)], 60);
    const swaps = docs.swaps.length;
    expect(await budget.reserve([user(1), client(50)], 60)).toBeNull();
    expect(docs.swaps.length).toBe(swaps);
    expect(docs.count('client:192.0.2.1')).toBe(0);
  });

  it('never over-spends a limit when two replicas conflict: the losing batch is re-read and re-decided', async () => {
    const docs = new InMemoryDocuments();
    const [a, b] = [new CoalescedLoginBudget(docs, { pause: noPause }), new CoalescedLoginBudget(docs, { pause: noPause })];
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).reserve([user(10), client(50)], 60)));
    expect(results.filter((r) => r !== null)).toHaveLength(10);
    expect(docs.conflicts).toBeGreaterThan(0);
    expect(docs.count('user:aa')).toBe(10);
  });

  it('fails every operation of a batch when the store cannot be read or written, then serves the next batch', async () => {
    const docs = new InMemoryDocuments();
    const budget = new CoalescedLoginBudget(docs);
    docs.failReads = new Error('etcd down');
    const failed = await Promise.allSettled([budget.reserve([user(5)], 60), giveBack(budget, 'x')]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    docs.failReads = undefined;
    docs.failSwaps = new Error('etcd down');
    await expect(budget.reserve([user(5)], 60)).rejects.toThrow('etcd down');
    docs.failSwaps = undefined;
    await expect(budget.reserve([user(5)], 60)).resolves.toEqual(expect.any(String));
    expect(docs.count('user:aa')).toBe(1);
  });

  it('gives up with ServiceUnavailable when every swap loses, taking nothing', async () => {
    const docs = new InMemoryDocuments();
    const budget = new CoalescedLoginBudget(docs, { pause: noPause, maxAttempts: 3 });
    docs.beforeSwap = () => docs.docs.set('user:aa', { version: Math.random() * 1e9 + 1, entries: [] });
    await expect(budget.reserve([user(5)], 60)).rejects.toMatchObject({ code: 'ServiceUnavailable' });
    expect(docs.conflicts).toBe(3);
  });

  it('gives up with ServiceUnavailable once losing swaps has lasted longer than maxRetryMs', async () => {
    let now = 1_000_000;
    const docs = new InMemoryDocuments(() => now);
    const pause = async () => { now += 400; };
    const budget = new CoalescedLoginBudget(docs, { now: () => now, pause, maxRetryMs: 1500 });
    docs.beforeSwap = () => docs.docs.set('user:aa', { version: Math.random() * 1e9 + 1, entries: [] });
    await expect(budget.reserve([user(5)], 60)).rejects.toMatchObject({ code: 'ServiceUnavailable' });
    expect(docs.conflicts).toBe(4);
  });

  it('splits a turn over many keys into swaps of at most maxKeysPerSwap keys, run side by side', async () => {
    const docs = new InMemoryDocuments();
    const budget = new CoalescedLoginBudget(docs, { maxKeysPerSwap: 4 });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => budget.reserve([{ key: `user:${i}`, limit: 1 }], 60)));
    expect(results.every((r) => r !== null)).toBe(true);
    expect(docs.swaps.map((keys) => keys.length)).toEqual([4, 4, 2]);
    expect(docs.reads).toBe(3);
  });

  it('swaps against a remembered document without reading, and re-reads when another replica changed it', async () => {
    const store = new InMemoryDocuments();
    const [viewA, viewB] = [new RememberingView(store), new RememberingView(store)];
    const [a, b] = [new CoalescedLoginBudget(viewA, { pause: noPause }), new CoalescedLoginBudget(viewB, { pause: noPause })];
    await a.reserve([user(4)], 60);
    await a.reserve([user(4)], 60);
    expect(viewA.freshReads).toBe(1);
    await b.reserve([user(4)], 60);
    expect(await a.reserve([user(4)], 60)).not.toBeNull();
    expect({ conflicts: store.conflicts, count: store.count('user:aa') }).toEqual({ conflicts: 1, count: 4 });
    expect(await a.reserve([user(4)], 60)).toBeNull();
  });

  it('decides a refusal only on a fresh read: units another replica gave back are seen', async () => {
    const store = new InMemoryDocuments();
    const [viewA, viewB] = [new RememberingView(store), new RememberingView(store)];
    const [a, b] = [new CoalescedLoginBudget(viewA), new CoalescedLoginBudget(viewB)];
    const first = await a.reserve([user(2)], 60);
    await a.reserve([user(2)], 60);
    await giveBack(b, first!);
    expect(await a.reserve([user(2)], 60)).not.toBeNull();
    expect(store.count('user:aa')).toBe(2);
  });

  it('writes a batch whose give-backs and reservations cancel out in number: the new reservation counts, the given-back one not', async () => {
    const docs = new InMemoryDocuments();
    const budget = new CoalescedLoginBudget(docs);
    const first = await budget.reserve([user(5)], 60);
    const [, second] = await Promise.all([giveBack(budget, first!), budget.reserve([user(5)], 60)]);
    expect(docs.docs.get('user:aa')!.entries.map((e) => e.id)).toEqual([second]);
    await giveBack(budget, second!);
    expect(docs.count('user:aa')).toBe(0);
  });

  it('never locks a user out through successful logins alone, each giving back while the next reserves', async () => {
    const docs = new InMemoryDocuments();
    const budget = new CoalescedLoginBudget(docs);
    let held = await budget.reserve([user(3)], 60);
    for (let login = 0; login < 10; login++) {
      const [, next] = await Promise.all([giveBack(budget, held!), budget.reserve([user(3)], 60)]);
      expect(next).not.toBeNull();
      held = next;
    }
    await giveBack(budget, held!);
    expect(docs.count('user:aa')).toBe(0);
  });

  it('gives back a reservation another replica took, although this replica remembers the document from before it', async () => {
    const store = new InMemoryDocuments();
    const [a, b] = [new CoalescedLoginBudget(new RememberingView(store)), new CoalescedLoginBudget(new RememberingView(store))];
    await b.reserve([user(10)], 60);
    const taken = await a.reserve([user(10)], 60);
    await giveBack(b, taken!);
    expect(store.count('user:aa')).toBe(1);
  });

  it('counts each reservation for its window only', async () => {
    let now = 1_000_000;
    const docs = new InMemoryDocuments(() => now);
    const budget = new CoalescedLoginBudget(docs, { now: () => now });
    await budget.reserve([user(1)], 30);
    expect(await budget.reserve([user(1)], 30)).toBeNull();
    now += 30_001;
    expect(await budget.reserve([user(1)], 30)).not.toBeNull();
  });
});
