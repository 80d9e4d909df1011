// Every response time of a run, for exact percentiles: autocannon's own histogram keeps whole
// milliseconds, too coarse for the 1-10 ms latencies of a light load.
export class LatencySamples {
  #values = new Float64Array(1 << 16);
  #count = 0;

  add(milliseconds) {
    if (this.#count === this.#values.length) {
      const grown = new Float64Array(this.#values.length * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.#count++] = milliseconds;
  }

  /** Nearest-rank percentiles, e.g. percentiles([50, 99]); NaN when nothing was recorded. */
  percentiles(ranks) {
    const sorted = this.#values.subarray(0, this.#count).sort();
    return ranks.map((rank) => (sorted.length === 0 ? NaN : sorted[Math.max(0, Math.ceil((rank / 100) * sorted.length) - 1)]));
  }
}
