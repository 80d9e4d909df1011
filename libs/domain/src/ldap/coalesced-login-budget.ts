import { randomBytes } from 'node:crypto';
import { StsError } from '#contracts';
import type { BudgetDocument, BudgetDocuments } from './budget-documents.js';
import type { HeldReservation, LoginBudgetKey, LoginFailureBudget } from './login-throttle.js';

export interface CoalescingOptions {
  now: () => number;
  /** Keys one compare-and-swap may span (etcd refuses a transaction of more than 128 operations). */
  maxKeysPerSwap: number;
  /** Swaps that lost to another writer are retried this often, the whole batch re-read and re-decided. */
  maxAttempts: number;
  /**
   * Nor past this long after the first attempt: well inside the verifier's bus deadline (5 s by
   * default, two reservations per login), so that a reservation is never written after its login
   * was answered 503, to count as a failure for a whole window.
   */
  maxRetryMs: number;
  pause: (attempt: number) => Promise<void>;
}

type Operation =
  | { kind: 'reserve'; keys: readonly LoginBudgetKey[]; windowSeconds: number; id: string; settle: Settle<string | null> }
  | { kind: 'release'; keys: readonly string[]; id: string; settle: Settle<void> };
interface Settle<T> {
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

const keysOf = (op: Operation) => (op.kind === 'reserve' ? op.keys.map((k) => k.key) : [...op.keys]);
/** A short random pause, growing with the attempts, so conflicting writers spread out. */
const randomPause = (attempt: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 + attempt * 2)));
const DEFAULTS: CoalescingOptions = { now: Date.now, maxKeysPerSwap: 32, maxAttempts: 100, maxRetryMs: 1500, pause: randomPause };

/**
 * A failure budget whose reservations and give-backs, queued on the same keys, share one read and
 * one compare-and-swap: a burst of logins of one user (or from one address) costs a few round trips
 * per batch instead of per login. Operations wait while a batch on any of their keys is in flight
 * (one writer per key and process, no self-conflicts), then everything queued by then is decided in
 * arrival order against the same read and written in one swap. A batch that loses the swap to another
 * replica is re-read and re-decided, so a limit is never over-spent; a storage error fails every
 * operation of the batch (a login cannot reserve: it is refused).
 */
export class CoalescedLoginBudget implements LoginFailureBudget {
  private readonly options: CoalescingOptions;
  private pending: Operation[] = [];
  private readonly busy = new Set<string>();
  private scheduled = false;

  constructor(private readonly documents: BudgetDocuments, options: Partial<CoalescingOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  reserve(keys: readonly LoginBudgetKey[], windowSeconds: number): Promise<string | null> {
    const id = `${this.options.now().toString(36)}-${randomBytes(6).toString('hex')}`;
    return new Promise((resolve, reject) => this.enqueue({ kind: 'reserve', keys, windowSeconds, id, settle: { resolve, reject } }));
  }

  /** Queued in one turn, so that give-backs on free keys share one batch. */
  async release(held: readonly HeldReservation[]): Promise<void> {
    await Promise.all(held.map(({ keys, reservation }) => new Promise<void>((resolve, reject) => this.enqueue({ kind: 'release', keys, id: reservation, settle: { resolve, reject } }))));
  }

  private enqueue(op: Operation): void {
    this.pending.push(op);
    this.schedule();
  }

  /** At the end of this event-loop turn, so everything that arrives in it joins one batch. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.startBatches();
    });
  }

  /** Takes every queued operation whose keys are free, in order; one waiting on a busy key holds back later ones on its keys. */
  private startBatches(): void {
    const blocked = new Set(this.busy);
    const waiting: Operation[] = [];
    let batch: Operation[] = [];
    let keys = new Set<string>();
    for (const op of this.pending) {
      const opKeys = keysOf(op);
      if (batch.length > 0 && new Set([...keys, ...opKeys]).size > this.options.maxKeysPerSwap) {
        this.start(batch, keys, blocked);
        [batch, keys] = [[], new Set()];
      }
      if (opKeys.some((key) => blocked.has(key))) {
        waiting.push(op);
        opKeys.forEach((key) => blocked.add(key));
        continue;
      }
      batch.push(op);
      opKeys.forEach((key) => keys.add(key));
    }
    if (batch.length > 0) this.start(batch, keys, blocked);
    this.pending = waiting;
  }

  private start(batch: Operation[], keys: Set<string>, blocked: Set<string>): void {
    for (const key of keys) {
      this.busy.add(key);
      blocked.add(key);
    }
    void this.run(batch, [...keys]).finally(() => {
      keys.forEach((key) => this.busy.delete(key));
      if (this.pending.length > 0) this.schedule();
    });
  }

  private async run(batch: Operation[], keys: string[]): Promise<void> {
    try {
      let fresh = false;
      const started = this.options.now();
      for (let attempt = 0; attempt < this.options.maxAttempts && this.options.now() - started <= this.options.maxRetryMs; attempt++) {
        const documents = await this.documents.read(keys, fresh);
        const { results, changes, unsure } = this.decide(batch, documents);
        // Another replica may have given units back, or taken the reservation being given back, since
        // this process last saw the documents: a refusal or a give-back that finds nothing stands only on
        // what the store holds now.
        if (unsure && documents.some((d) => d.remembered)) {
          fresh = true;
          continue;
        }
        if (changes.length === 0 || (await this.documents.swap(changes))) {
          batch.forEach((op, i) => op.settle.resolve(results[i] as never));
          return;
        }
        await this.options.pause(attempt);
      }
      throw new StsError('ServiceUnavailable', 'The failed-login budget is too contended; please try again.');
    } catch (error) {
      batch.forEach((op) => op.settle.reject(error));
    }
  }

  /**
   * Applies the batch in order to one read: each reservation sees the ones before it. A document is
   * written when its entries changed (not its count: a give-back and a reservation may cancel out),
   * so that every granted reservation is in the swap, guarded by its document's version.
   */
  private decide(batch: Operation[], documents: BudgetDocument[]) {
    const entries = new Map(documents.map((d) => [d.key, [...d.live]]));
    const changed = new Set<string>();
    let unsure = false;
    const now = this.options.now();
    const results = batch.map((op) => {
      if (op.kind === 'release') {
        for (const key of op.keys) {
          const live = entries.get(key)!;
          const kept = live.filter((e) => e.id !== op.id);
          if (kept.length === live.length) {
            unsure = true;
            continue;
          }
          entries.set(key, kept);
          changed.add(key);
        }
        return undefined;
      }
      if (op.keys.some((k) => entries.get(k.key)!.length >= k.limit)) {
        unsure = true;
        return null;
      }
      for (const k of op.keys) {
        entries.get(k.key)!.push({ id: op.id, until: now + op.windowSeconds * 1000 });
        changed.add(k.key);
      }
      return op.id;
    });
    const changes = documents.filter((d) => changed.has(d.key)).map((document) => ({ document, entries: entries.get(document.key)! }));
    return { results, changes, unsure };
  }
}
