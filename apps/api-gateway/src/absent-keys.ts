/**
 * Whether news of a key coming to exist would reach this gateway now: a number that changes
 * whenever some such news may have been missed, or undefined while it could be missed (a feed down).
 */
export type AbsenceTrust = () => number | undefined;

/**
 * Access keys a gateway knows sign nothing (a revoked temporary key, a key the issuer answered it
 * does not know), with what to answer for them, so that refusing them again costs no lookup.
 * Bounded, oldest first out: forgetting one only costs the next request a lookup, so keys made up
 * by a caller cannot grow it or push out anything but other absent keys.
 *
 * With a `trust`, an absence that may end (an unknown key, which a new user could take) is
 * remembered only while the trust is given, and believed only while it stays the same: a missed
 * event can then never keep a new key refused.
 */
export class AbsentKeys<A> {
  private readonly keys = new Map<string, { answer: A; until: number; trust: number | undefined }>();

  constructor(private readonly maxKeys: number, private readonly trust?: AbsenceTrust) {}

  /** The answer kept for `accessKey`, or undefined when it is not known absent (or no longer). */
  answerFor(accessKey: string, now: number): A | undefined {
    const known = this.keys.get(accessKey);
    if (!known) return undefined;
    if (now < known.until && known.trust === this.trust?.()) return known.answer;
    this.keys.delete(accessKey);
    return undefined;
  }

  remember(accessKey: string, answer: A, until = Number.POSITIVE_INFINITY): void {
    const trust = this.trust?.();
    this.keys.delete(accessKey);
    if (this.trust && trust === undefined) return;
    if (this.keys.size >= this.maxKeys) this.keys.delete(this.keys.keys().next().value!);
    this.keys.set(accessKey, { answer, until, trust });
  }

  clear(): void {
    this.keys.clear();
  }

  get size(): number {
    return this.keys.size;
  }
}
