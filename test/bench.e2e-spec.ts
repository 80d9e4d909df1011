// `npm run bench` is a tool, not a test of speed: this checks that it runs, prints its numbers and
// sees no failed request, for the issuing scenarios against their local identity providers and
// with the floors of ../shared/perf. Rates are never asserted (machine-dependent).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';

const SCENARIOS = ['assume-role', 'web-identity', 'ldap', 'get-caller-identity'];
const FLOORS_DIR = join(process.cwd(), '..', 'shared', 'perf');
/** A fresh stack, the floors and four short scenarios (each five 1 s rounds against its floor), on two shared cores. */
const BENCH_MS = 240_000;

function bench(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/bench.mjs', ...args], { env: { ...process.env, STS_ENDPOINT: '' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** The table row of `name`: req/s, p50, p99, non-2xx, errors. */
function row(output: string, name: string) {
  const match = new RegExp(`^${name}\\s+\\d+\\s+[\\d.]+ s\\s+([\\d,]+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+(\\d+)\\s+(\\d+)$`, 'm').exec(output);
  if (!match) throw new Error(`no row for ${name} in:\n${output}`);
  const [rps, p50, p99, non2xx, errors] = match.slice(1).map((cell) => Number(cell.replace(/,/g, '')));
  return { rps, p50, p99, non2xx, errors };
}

describe('npm run bench', () => {
  it('drives every issuing scenario and GetCallerIdentity with no failed request, printing rates, latencies, CPU, and ratios to floors run in alternating rounds beside them', async () => {
    const floors = existsSync(join(FLOORS_DIR, 'issue-floor-server.mjs'));
    const { code, output } = await bench(['--scenarios', SCENARIOS.join(','), '--duration', '1', '--connections', '4', ...(floors ? ['--floors'] : [])]);
    expect({ code, output }).toMatchObject({ code: 0 });
    for (const name of [...SCENARIOS, ...(floors ? ['issue floor', 'verify floor'] : [])]) {
      const measured = row(output, name);
      expect(measured).toMatchObject({ non2xx: 0, errors: 0 });
      expect(measured.rps).toBeGreaterThan(0);
      expect(measured.p99).toBeGreaterThanOrEqual(measured.p50);
    }
    expect(output.match(/µs CPU\/request: .*credential-issuer-1 [\d,]+/g)).toHaveLength(SCENARIOS.length);
    if (floors) {
      // Each scenario's own floor row (its legs pooled) and ratio follow it.
      expect(output.match(/^(issue|verify) floor(?= )/gm)).toEqual(['issue floor', 'issue floor', 'issue floor', 'verify floor']);
      const ratios = [...output.matchAll(/^ {2}ratio to the (issue|verify) floor: ([\d.]+) \(median of (\d+) rounds of 1 s, each scenario \/ floor req\/s beside it: (.*); pooled [\d.]+ = [\d,]+ \/ [\d,]+\); p99 [\d.]+ ms \(floor [\d.]+ ms\); floor CPU per request \/ the stack's \d+\.\d\d \([\d,]+ \/ [\d,]+ µs\)$/gm)];
      expect(ratios.map(([, floor, , count]) => [floor, Number(count)])).toEqual([['issue', 5], ['issue', 5], ['issue', 5], ['verify', 5]]);
      for (const [, , median, , rounds] of ratios) {
        const each = rounds.split(', ').map((round) => /^([\d.]+) = ([\d,]+) \/ ([\d,]+)$/.exec(round)!.slice(1).map((cell) => Number(cell.replace(/,/g, ''))));
        expect(each.every(([, scenario, floor]) => scenario > 0 && floor > 0)).toBe(true);
        // Five rounds: the median is the middle one.
        expect(Number(median)).toBe(each.map(([ratio]) => ratio).sort((a, b) => a - b)[2]);
      }
    }
  }, BENCH_MS);

  it('times every kind of access-narrowing change across three gateways, printing p50/p99 per kind', async () => {
    const { code, output } = await bench(['--scenarios', 'access-change', '--rounds', '2', '--replicas', 'api-gateway=3']);
    expect({ code, output }).toMatchObject({ code: 0 });
    expect(output).toMatch(/access-change propagation over 3 gateway\(s\)/);
    for (const kind of ['revoke', 'user disable', 'user remove', 'secret change', 'policy detach', 'policy edit', 'group membership']) {
      const [, p50, p99] = new RegExp(`^  ${kind} +2 changes: p50 ([\\d.]+) ms, p99 ([\\d.]+) ms`, 'm').exec(output) ?? [];
      expect({ kind, p50: Number(p50) > 0, ordered: Number(p99) >= Number(p50) }).toEqual({ kind, p50: true, ordered: true });
    }
  }, BENCH_MS);

  it('measures small S3 calls in six alternating rounds each, printing every round and the median ratio, with no failed request', async () => {
    const { code, output } = await bench(['--scenarios', 's3', '--duration', '1', '--connections', '4', '--s3-large-mib', '1']);
    expect({ code, output }).toMatchObject({ code: 0 });
    for (const call of ['get', 'put']) {
      const [, median, rounds] = new RegExp(`^s3 ${call} 4 KiB .*: ratio ([\\d.]+) \\(median of 6 rounds of 1 s: ([\\d., ]+); pooled [\\d.]+; goal`, 'm').exec(output) ?? [];
      const ratios = (rounds ?? '').split(', ').map(Number).sort((a, b) => a - b);
      // The median is of the unrounded ratios: within a rounding step of the printed middle two's mean.
      expect({ call, rounds: ratios.length, median: Math.abs(Number(median) - (ratios[2] + ratios[3]) / 2) <= 0.0101 }).toEqual({ call, rounds: 6, median: true });
    }
  }, BENCH_MS);

  it('refuses an unknown scenario before starting anything', async () => {
    const { code, output } = await bench(['--scenarios', 'assume-role,web-idnetity']);
    expect(code).toBe(2);
    expect(output).toMatch(/unknown scenario "web-idnetity".*web-identity/);
  });
});
