/**
 * Access keys a gateway knows sign nothing (a revoked temporary key, a key the issuer answered it
 * does not know), with what to answer for them, so that refusing them again costs no lookup.
 * Bounded, oldest first out: forgetting one only costs the next request a lookup, so keys made up
 * by a caller cannot grow it or push out anything but other absent keys.
 */
export class AbsentKeys<A> {
  private readonly keys = new Map<string, { answer: A; until: number }>();

  constructor(private readonly maxKeys: number) {}

  /** The answer kept for `accessKey`, or undefined when it is not known absent (or no longer). */
  answerFor(accessKey: string, now: number): A | undefined {
    const known = this.keys.get(accessKey);
    if (!known) return undefined;
    if (now < known.until) return known.answer;
    this.keys.delete(accessKey);
    return undefined;
  }

  remember(accessKey: string, answer: A, until = Number.POSITIVE_INFINITY): void {
    this.keys.delete(accessKey);
    if (this.keys.size >= this.maxKeys) this.keys.delete(this.keys.keys().next().value!);
    this.keys.set(accessKey, { answer, until });
  }

  clear(): void {
    this.keys.clear();
  }

  get size(): number {
    return this.keys.size;
  }
}
