type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * How often one provider's documents are downloaded. At most one download runs at a time and its
 * callers share it. After a failure, callers share that failure for `intervalMs` (an IdP that is
 * down is answered at once instead of piling up requests). Downloads asked for on demand (an
 * unknown `kid`) start at most once per `intervalMs`, so random kids cannot make us hammer the
 * IdP; the first load and the schedule are not limited that way. Hand-written because cockatiel's
 * breaker limits failures only.
 */
export class RefreshGate<T> {
  private inFlight?: Promise<T>;
  private last?: Outcome<T>;
  private lastFailureAt = Number.NEGATIVE_INFINITY;
  private lastOnDemandAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly intervalMs: number, private readonly now: () => number = Date.now) {}

  run(load: () => Promise<T>, onDemand = false): Promise<T> {
    if (this.inFlight) return this.inFlight;
    const last = this.last;
    if (last && !last.ok && this.now() - this.lastFailureAt < this.intervalMs) return Promise.reject(last.error);
    if (last?.ok && onDemand && this.now() - this.lastOnDemandAt < this.intervalMs) return Promise.resolve(last.value);
    if (onDemand) this.lastOnDemandAt = this.now();
    const running = load().then(
      (value) => this.settle({ ok: true, value }),
      (error: unknown) => this.settle({ ok: false, error }),
    );
    this.inFlight = running;
    return running;
  }

  private settle(outcome: Outcome<T>): T {
    this.last = outcome;
    this.inFlight = undefined;
    if (outcome.ok) return outcome.value;
    this.lastFailureAt = this.now();
    throw outcome.error;
  }
}
