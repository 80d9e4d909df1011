import { describe, expect, it } from '@jest/globals';
import { cpuPerRequest, pooledCpu, sampleCpu, stealShare } from '../scripts/bench/cpu.mjs';
import { formatCpu } from '../scripts/bench/report.mjs';

const sample = (issuer: number, loadGenerator: number, host: { total: number; steal: number } | null) => ({ servers: new Map([['credential-issuer-1', issuer]]), loadGenerator, host });

describe('the bench\'s CPU figures and the host\'s steal beside them', () => {
  it('reads the machine\'s ticks, stolen ones included, on Linux', () => {
    const { host } = sampleCpu([]);
    if (process.platform !== 'linux') return expect(host).toBeNull();
    expect(host).toEqual({ total: expect.any(Number), steal: expect.any(Number) });
    expect(host!.total).toBeGreaterThan(host!.steal);
  });

  it('gives the share of the interval the hypervisor took, and prints it after the totals', () => {
    const cpu = cpuPerRequest(sample(1, 2, { total: 1000, steal: 10 }), sample(1.5, 2.1, { total: 1400, steal: 70 }), 1000);
    expect(cpu).toMatchObject({ servers: [{ name: 'credential-issuer-1', micros: 500 }], totalMicros: 500, host: { total: 400, steal: 60 } });
    expect(stealShare(cpu)).toBeCloseTo(0.15);
    expect(formatCpu(cpu)).toBe('  µs CPU/request: credential-issuer-1 500; total 500 (load generator 100, not in the total); host steal 15 %');
  });

  it('pools the legs of a scenario by their ticks, not by their requests', () => {
    const leg = (steal: number, total: number, requests: number) => ({ requests, cpu: cpuPerRequest(sample(0, 0, { total: 0, steal: 0 }), sample(requests / 1e6, 0, { total, steal }), requests) });
    const pooled = pooledCpu([leg(0, 100, 10), leg(30, 100, 1000)]);
    expect(stealShare(pooled)).toBeCloseTo(0.15);
  });

  it('says nothing of the host when it could not read it', () => {
    const cpu = cpuPerRequest(sample(1, 2, null), sample(1.5, 2.1, null), 1000);
    expect(stealShare(cpu)).toBeNull();
    expect(formatCpu(cpu)).toBe('  µs CPU/request: credential-issuer-1 500; total 500 (load generator 100, not in the total)');
  });
});
