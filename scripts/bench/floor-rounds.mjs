// With --floors, each load scenario runs in FLOOR_ROUNDS short rounds alternating with its floor's
// (floor then scenario, then scenario then floor, ...), each leg a fifth of --duration, so the two
// sides share the measured time and neither is always first. Its ratio is the median of the rounds'
// ratios, each the scenario's leg over the floor's leg run beside it: on this shared host a floor
// measured once, minutes away from its scenario, read 3,604 and 6,586 req/s in consecutive runs.
import { cpuPerRequest, pooledCpu, sampleCpu } from './cpu.mjs';
import { LatencySamples } from './latency-samples.mjs';
import { runLoad } from './load.mjs';
import { alternatingRounds, median } from './rounds.mjs';

export const FLOOR_ROUNDS = 5;
const ORDER = alternatingRounds(FLOOR_ROUNDS, ['floor', 'scenario']);

/**
 * Seconds of one leg: a fifth of --duration in whole seconds, at least 1 s (autocannon ends a run
 * on its next whole-second tick after the duration, so a fraction would only be rounded up there).
 */
export const legSeconds = (duration) => Math.max(1, Math.round(duration / FLOOR_ROUNDS));

/**
 * `loads`: the runLoad inputs of `scenario` and `floor`, both warmed up. Resolves, once every round
 * ran, { scenario, floor } (each { result, cpu } pooled over its legs), `rounds` ([{ scenario,
 * floor, ratio }] in req/s) and `ratio` (their median); undefined once interrupted. `profile`, if
 * any, brackets the rounds (the stack idles through the floor's legs).
 */
export async function measureBesideFloor(loads, options, signal, profile) {
  const legs = { scenario: [], floor: [] };
  const latencies = { scenario: new LatencySamples(), floor: new LatencySamples() };
  await profile?.restart();
  for (const sides of ORDER) {
    for (const side of sides) {
      legs[side].push(await measuredLeg({ ...loads[side], latencies: latencies[side] }, options, signal));
      if (signal.aborted) return undefined;
    }
  }
  await profile?.save();
  const rounds = ORDER.map((_, i) => {
    const [scenario, floor] = [legs.scenario[i], legs.floor[i]].map((leg) => leg.result.requestsPerSecond);
    return { scenario, floor, ratio: floor > 0 ? scenario / floor : NaN };
  });
  return { scenario: pooled(legs.scenario), floor: pooled(legs.floor), rounds, ratio: median(rounds.map((round) => round.ratio)) };
}

async function measuredLeg(load, options, signal) {
  const before = sampleCpu(load.processes());
  const result = await runLoad({ ...load, connections: options.connections, durationSeconds: legSeconds(options.duration), signal });
  return { result, cpu: cpuPerRequest(before, sampleCpu(load.processes()), result.requests) };
}

/** One side's legs as one run: the percentiles are over all their responses (the last leg's, on the pooled samples). */
function pooled(legs) {
  const sum = (field) => legs.reduce((total, leg) => total + leg.result[field], 0);
  const requests = sum('requests');
  const seconds = sum('seconds');
  const { p50Ms, p99Ms } = legs[legs.length - 1].result;
  return {
    result: { requests, seconds, requestsPerSecond: requests / seconds, p50Ms, p99Ms, non2xx: sum('non2xx'), errors: sum('errors'), failureSample: legs.find((leg) => leg.result.failureSample)?.result.failureSample },
    cpu: pooledCpu(legs.map((leg) => ({ cpu: leg.cpu, requests: leg.result.requests }))),
  };
}
