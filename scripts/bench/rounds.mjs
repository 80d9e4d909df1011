// Two things compared in short alternating rounds and the median of the rounds' ratios: on a shared
// host whose speed moves by up to 1.8× within minutes, one slow second then moves one round, not
// the result (the S3 legs: gateway and direct; the load scenarios: scenario and floor).

/** `count` rounds: [first, second], then [second, first], and so on, so each side runs once in each place. */
export const alternatingRounds = (count, [first, second]) => Array.from({ length: count }, (_, i) => (i % 2 === 0 ? [first, second] : [second, first]));

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
