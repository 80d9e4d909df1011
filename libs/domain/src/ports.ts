/** Time, so tests can pin it. */
export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };

/** Randomness, so tests can pin it. */
export interface RandomSource {
  bytes(length: number): Buffer;
}
