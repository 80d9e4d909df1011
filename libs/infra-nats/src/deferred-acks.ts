/** What DeferredAcks needs of a JetStream message. */
export interface Acknowledgeable {
  ack(): void;
}

/**
 * Acknowledgements of stored messages, sent together: every `delayMs`, or at once when `max` wait.
 * Acknowledged in one synchronous loop, they leave in one socket write (nats.js flushes in a
 * microtask), so nats-server wakes up to read them once instead of once per message; its cost is
 * per wake-up, not per message. A message is only ever acknowledged after it was stored (the
 * caller adds it then), so delivery stays at least once; a sink that dies before the flush gets
 * those messages again (it drops them by event id). `delayMs` must stay far below the consumer's
 * ack wait, or the server would redeliver what was stored.
 */
export class DeferredAcks {
  private pending: Acknowledgeable[] = [];
  private timer?: NodeJS.Timeout;

  constructor(private readonly delayMs: number, private readonly max: number) {}

  add(message: Acknowledgeable): void {
    if (this.pending.push(message) >= this.max) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  /** Sends what waits now (also on shutdown, before the connection drains). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const pending = this.pending;
    this.pending = [];
    for (const message of pending) {
      try {
        message.ack();
      } catch {
        // The connection is closing: the message stays unacknowledged and comes again (dropped by id).
      }
    }
  }
}
