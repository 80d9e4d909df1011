/** What PacedPull needs of a durable pull consumer (nats.js's `Consumer` answers it: `pullSourceOf`). */
export interface PullSource<M> {
  /** How many stored messages the consumer has not delivered yet. */
  pending(): Promise<number>;
  /** Up to `count` messages: those the stream holds at once, else whatever comes before the pull expires. */
  fetch(count: number): Promise<PullBatch<M>>;
}

export interface PullBatch<M> extends AsyncIterable<M> {
  close(): Promise<unknown>;
}

export interface PacedPullOptions<M> {
  /** Time from the start of one pull to the start of the next, unless the last one came back full. */
  intervalMs: number;
  /** Most messages one pull asks for. */
  maxMessages: number;
  /** Handles one message and reports its own failures; a rejection is ignored here and stops nothing. */
  handle(message: M): Promise<void>;
  /** After each batch, e.g. to send its acknowledgements together. */
  afterBatch(): void;
  /** A pull that failed (server away, consumer gone), `first` of a run of failures; the next pull comes after the interval. */
  onError(error: unknown, first: boolean): Promise<void>;
  /** The first pull that worked after failures. */
  onRecovered(): void;
}

/**
 * Takes what a durable consumer holds once per interval, in one batch, instead of a message the
 * moment it is stored. nats-server rewrites a file consumer's state (delivered and acknowledged
 * sequences) after every change, at most every 100 ms, truncating the file each time; under a
 * steady trickle of messages that is ten rewrites a second, each freeing a disk block. On a
 * filesystem mounted with online discard every freed block is a discard request, and a slow one
 * holds the disk queue, etcd's fsyncs included (docs/performance.md, "Where the 100–250 ms stalls
 * come from"). A batch moves the state two or three times however many messages it holds (about
 * three rewrites a second instead of ten, measured). The audit sink's consumer now keeps its state
 * in memory (AuditStreamConsumer), so no file is rewritten at all; the paced batches still write
 * the log and send the acknowledgements a batch at a time (about half the sink's CPU per event).
 * A full batch (a backlog) is followed by the next at once.
 */
export class PacedPull<M> {
  private stopping = false;
  private running?: Promise<void>;
  private batch?: PullBatch<M>;
  private wake?: () => void;
  private failing = false;

  constructor(private readonly source: PullSource<M>, private readonly options: PacedPullOptions<M>) {}

  start(): void {
    this.running ??= this.run();
  }

  /** Ends the pause or the open pull; resolves once the batch in hand is handled. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.batch?.close().catch(() => undefined);
    await this.running;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      const began = Date.now();
      let full = false;
      try {
        full = (await this.pullOnce()) >= this.options.maxMessages;
        if (this.failing) {
          this.failing = false;
          this.options.onRecovered();
        }
      } catch (error) {
        const first = !this.failing;
        this.failing = true;
        await this.options.onError(error, first).catch(() => undefined);
      }
      if (!full) await this.pause(began + this.options.intervalMs - Date.now());
    }
  }

  /** One batch: as many as wait (at least one, so a redelivery or the next message is not missed). */
  private async pullOnce(): Promise<number> {
    const count = Math.min(this.options.maxMessages, Math.max(1, await this.source.pending()));
    if (this.stopping) return 0;
    this.batch = await this.source.fetch(count);
    if (this.stopping) await this.batch.close();
    let received = 0;
    try {
      for await (const message of this.batch) {
        received += 1;
        await this.options.handle(message).catch(() => undefined);
      }
    } finally {
      this.batch = undefined;
      this.options.afterBatch();
    }
    return received;
  }

  private async pause(ms: number): Promise<void> {
    if (ms <= 0 || this.stopping) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
  }
}
