export interface PendingWrite<T> {
  item: T;
  done: (stored: boolean) => void;
  fail: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /** The most items in one write. */
  maxBatch: number;
  /**
   * Under load (the last write carried more than one item), a write waits up to `fillWaitMs` for
   * `fillTarget` items before it is sent; 0 sends what is queued at once. A lone item never waits.
   */
  fillTarget: number;
  fillWaitMs: number;
}

/**
 * Group commit: items are written in batches by `write`, which answers each item; one write is in
 * flight at a time, and what arrives meanwhile goes in the next one. An idle queue writes at the end
 * of the event-loop turn. A write that throws fails every item it has not answered. (Two writes in
 * flight were measured: smaller transactions, more CPU per credential in the issuer and in etcd,
 * and no steadier latency: docs/performance.md, "Issuer and etcd, third pass".)
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
        const batch = this.queue.splice(0, this.options.maxBatch);
        this.lastBatch = batch.length;
        // fail() after done() is a no-op: a promise settles once.
        await this.write(batch).catch((error) => batch.forEach((w) => w.fail(error)));
      }
    } finally {
      this.writing = false;
    }
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
