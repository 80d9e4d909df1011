// The printed lines: a header with the machine and stack, one table row per scenario, CPU per request.
import os from 'node:os';
import { stealShare } from './cpu.mjs';

const COLUMNS = [
  ['scenario', 20, 'left'],
  ['connections', 11],
  ['duration', 8],
  ['req/s', 9],
  ['p50 ms', 8],
  ['p99 ms', 8],
  ['non-2xx', 8],
  ['errors', 7],
];

export function formatHeader({ target, options }) {
  const cpus = os.cpus();
  const machine = `${os.availableParallelism()} cores (${cpus[0]?.model?.trim() ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, ${process.platform}-${process.arch}`;
  return [
    `machine: ${machine}`,
    `target:  ${target.description}; gateways: ${target.gateways.join(' ')}`,
    `load:    ${options.connections} connections, ${options.duration} s per scenario after a 2 s warm-up; p50/p99 over the responses of all gateways together`,
  ].join('\n');
}

export function formatTableHeader() {
  return row(COLUMNS.map(([title]) => title));
}

export function formatScenarioRow(name, connections, result) {
  return row([
    name,
    String(connections),
    `${result.seconds.toFixed(1)} s`,
    Math.round(result.requestsPerSecond).toLocaleString('en-US'),
    result.p50Ms.toFixed(1),
    result.p99Ms.toFixed(1),
    String(result.non2xx),
    String(result.errors),
  ]);
}

/**
 * e.g. "  µs CPU/request: nats-server 12, etcd 130, … ; total 700 (load generator 60, not in the
 * total); host steal 3 %": the last part (Linux) is the share of the cores' time the hypervisor
 * gave to others meanwhile; a run with a high one measured the host more than the stack.
 */
export function formatCpu(cpu) {
  const micros = (value) => Math.round(value).toLocaleString('en-US');
  const perProcess = cpu.servers.map(({ name, micros: value }) => `${name} ${micros(value)}`).join(', ');
  const steal = stealShare(cpu);
  return `  µs CPU/request: ${perProcess}; total ${micros(cpu.totalMicros)} (load generator ${micros(cpu.loadGeneratorMicros)}, not in the total)${steal === null ? '' : `; host steal ${Math.round(steal * 100)} %`}`;
}

/**
 * e.g. "  ratio to the issue floor: 0.79 (median of 5 rounds of 2 s, each scenario / floor req/s
 * beside it: 0.81 = 1,950 / 2,410, …; pooled 0.79 = 1,915 / 2,416); p99 68.0 ms (floor 50.3 ms); floor CPU
 * per request / the stack's 0.51 (376 / 739 µs)"
 */
export function formatRatio(floor, { scenario, floor: floorRun, rounds, ratio }, seconds) {
  const rate = (value) => Math.round(value).toLocaleString('en-US');
  const ratioOf = (a, b) => (b > 0 ? (a / b).toFixed(2) : 'n/a');
  const each = rounds.map((round) => `${ratioOf(round.scenario, round.floor)} = ${rate(round.scenario)} / ${rate(round.floor)}`).join(', ');
  const [s, f] = [scenario.result, floorRun.result];
  return `  ratio to the ${floor} floor: ${Number.isFinite(ratio) ? ratio.toFixed(2) : 'n/a'} (median of ${rounds.length} rounds of ${seconds} s, each scenario / floor req/s beside it: ${each}; pooled ${ratioOf(s.requestsPerSecond, f.requestsPerSecond)} = ${rate(s.requestsPerSecond)} / ${rate(f.requestsPerSecond)}); p99 ${s.p99Ms.toFixed(1)} ms (floor ${f.p99Ms.toFixed(1)} ms)${cpuRatio(scenario.cpu, floorRun.cpu)}`;
}

/** e.g. "; floor CPU per request / the stack's 0.86 (100 / 117 µs)": what the server processes spent, steadier than req/s on a loaded host. */
function cpuRatio(scenarioCpu, floorCpu) {
  if (!scenarioCpu || !floorCpu || !(scenarioCpu.totalMicros > 0)) return '';
  const micros = (value) => Math.round(value).toLocaleString('en-US');
  return `; floor CPU per request / the stack's ${(floorCpu.totalMicros / scenarioCpu.totalMicros).toFixed(2)} (${micros(floorCpu.totalMicros)} / ${micros(scenarioCpu.totalMicros)} µs)`;
}

/** e.g. "p50 3.10 ms, p99 9.80 ms, max 12.40 ms" over propagation times in ms. */
export function formatPropagation(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)].toFixed(2);
  return `p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${sorted[sorted.length - 1].toFixed(2)} ms`;
}

export function formatFailure(result) {
  return `  first failure: ${result.failureSample ?? '(no response body captured)'}`;
}

function row(cells) {
  return cells.map((cell, i) => {
    const [, width, align] = COLUMNS[i];
    return align === 'left' ? cell.padEnd(width) : cell.padStart(width);
  }).join(' ').trimEnd();
}
