export interface PendingWrite<T> {
  item: T;
  done: (stored: boolean) => void;
  fail: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /** The most items in one write. */
  maxBatch: number;
  /**
   * A backlog of more than `maxBatch` items goes out as up to this many writes at once (a wave),
   * split evenly; the next wave starts when the whole wave is answered. 1: one write at a time.
   */
  maxWrites: number;
  /**
   * Under load (the last write carried more than one item), a write waits up to `fillWaitMs` for
   * `fillTarget` items before it is sent; 0 sends what is queued at once. A lone item never waits.
   */
  fillTarget: number;
  fillWaitMs: number;
}

/**
 * Group commit: items are written in batches by `write`, which answers each item; one wave of
 * writes is in flight at a time, and what arrives meanwhile goes in the next one. An idle queue
 * writes at the end of the event-loop turn. A wave is one write unless more than `maxBatch` items
 * are queued: then the backlog leaves in up to `maxWrites` full writes together instead of one
 * `maxBatch` per round trip, so a stall (a slow commit, a GC pause) is not followed by seconds of
 * catching up. (Two writes in flight whatever the backlog were measured: smaller transactions,
 * more CPU per credential in the issuer and in etcd, and no steadier latency: docs/performance.md,
 * "Issuer and etcd, third pass".) A write that throws fails every item it has not answered.
 */
export class GroupCommit<T> {
  private queue: Array<PendingWrite<T>> = [];
  private writing = false;
  private scheduled = false;
  private lastBatch = 0;
  /** Set while a write waits to fill: called when `fillTarget` items are queued. */
  private onFilled?: () => void;

  constructor(private readonly write: (batch: Array<PendingWrite<T>>) => Promise<void>, private readonly options: GroupCommitOptions) {}

  add(item: T): Promise<boolean> {
    return new Promise((done, fail) => {
      this.queue.push({ item, done, fail });
      if (this.onFilled && this.queue.length >= this.options.fillTarget) this.onFilled();
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.writing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  /** Writes what is queued, maxBatch at a time, until the queue is empty; never two at once. */
  private async flush(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        if (this.lastBatch > 1 && this.options.fillWaitMs > 0 && this.queue.length < this.options.fillTarget) await this.filled();
        const wave = this.nextWave();
        this.lastBatch = wave[0].length;
        // fail() after done() is a no-op: a promise settles once.
        await Promise.all(wave.map((batch) => this.write(batch).catch((error) => batch.forEach((w) => w.fail(error)))));
      }
    } finally {
      this.writing = false;
    }
  }

  /** The queue's head as up to `maxWrites` batches of even size, none above `maxBatch`. */
  private nextWave(): Array<Array<PendingWrite<T>>> {
    const { maxBatch, maxWrites } = this.options;
    const writes = Math.max(1, Math.min(maxWrites, Math.ceil(this.queue.length / maxBatch)));
    const size = Math.min(maxBatch, Math.ceil(this.queue.length / writes));
    return Array.from({ length: writes }, () => this.queue.splice(0, size)).filter((batch) => batch.length > 0);
  }

  /** Resolves once `fillTarget` items are queued, or after `fillWaitMs`. */
  private filled(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.onFilled?.(), this.options.fillWaitMs);
      this.onFilled = () => {
        clearTimeout(timer);
        this.onFilled = undefined;
        resolve();
      };
    });
  }
}
