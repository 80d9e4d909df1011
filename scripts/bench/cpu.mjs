// Server CPU time per request, from /proc/<pid>/stat: on a small shared VM req/s swings by ±20 %
// between runs, CPU time per request far less. Linux only; elsewhere there is nothing to report.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const clockTicksPerSecond = readClockTicks();

function readClockTicks() {
  const result = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const ticks = Number(result.stdout?.trim());
  return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
}

/**
 * CPU seconds used so far by each process (all its threads), and by this one (the load generator);
 * and the machine's CPU ticks so far, all and stolen (`host`, Linux only, else null).
 */
export function sampleCpu(processes) {
  const servers = new Map();
  if (process.platform === 'linux') {
    for (const { name, pid } of processes) {
      const seconds = pid === undefined ? undefined : processCpuSeconds(pid);
      if (seconds !== undefined) servers.set(name, seconds);
    }
  }
  const own = process.cpuUsage();
  return { servers, loadGenerator: (own.user + own.system) / 1e6, host: process.platform === 'linux' ? hostTicks() : null };
}

/**
 * The first line of /proc/stat: every CPU's ticks by state. `steal` is time the hypervisor ran
 * something else while this VM's vCPU wanted to run: on a shared host it is the one sign in the
 * guest that the host, not the stack, made a run slow.
 */
function hostTicks() {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/);
    const ticks = fields.slice(0, 8).map(Number);
    if (ticks.length < 8 || ticks.some((value) => !Number.isFinite(value))) return null;
    return { total: ticks.reduce((sum, value) => sum + value, 0), steal: ticks[7] };
  } catch {
    return null;
  }
}

function processCpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) is in parentheses and may contain spaces; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond;
  } catch {
    return undefined; // exited meanwhile
  }
}

/** µs of CPU per request for each process present in both samples, their total, and the load generator's; null without server samples. */
export function cpuPerRequest(before, after, requests) {
  if (requests === 0) return null;
  const perRequest = (seconds) => (seconds * 1e6) / requests;
  const servers = [...after.servers]
    .filter(([name]) => before.servers.has(name))
    .map(([name, seconds]) => ({ name, micros: perRequest(seconds - before.servers.get(name)) }));
  if (servers.length === 0) return null;
  return {
    servers,
    totalMicros: servers.reduce((sum, server) => sum + server.micros, 0),
    loadGeneratorMicros: perRequest(after.loadGenerator - before.loadGenerator),
    host: before.host && after.host ? { total: after.host.total - before.host.total, steal: after.host.steal - before.host.steal } : null,
  };
}

/** The share of the machine's CPU time the hypervisor took over the samples' interval (0–1), or null. */
export function stealShare(cpu) {
  return cpu?.host && cpu.host.total > 0 ? cpu.host.steal / cpu.host.total : null;
}

/** Several runs' cpuPerRequest as one: each process's µs per request weighted by each run's requests; null if any run has none. */
export function pooledCpu(runs) {
  if (runs.some(({ cpu }) => !cpu)) return null;
  const requests = runs.reduce((sum, run) => sum + run.requests, 0);
  const mean = (valueOf) => runs.reduce((sum, run) => sum + valueOf(run.cpu) * run.requests, 0) / requests;
  const servers = runs[0].cpu.servers.map(({ name }) => ({ name, micros: mean((cpu) => cpu.servers.find((server) => server.name === name)?.micros ?? NaN) }));
  const hosts = runs.map(({ cpu }) => cpu.host);
  return {
    servers,
    totalMicros: mean((cpu) => cpu.totalMicros),
    loadGeneratorMicros: mean((cpu) => cpu.loadGeneratorMicros),
    host: hosts.every(Boolean) ? { total: hosts.reduce((sum, host) => sum + host.total, 0), steal: hosts.reduce((sum, host) => sum + host.steal, 0) } : null,
  };
}
