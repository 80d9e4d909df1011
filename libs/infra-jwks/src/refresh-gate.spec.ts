import { describe, expect, it } from '@jest/globals';
import { RefreshGate } from './refresh-gate.js';

function setup(intervalMs = 1000) {
  let now = 0;
  let calls = 0;
  let fail = false;
  const gate = new RefreshGate<number>(intervalMs, () => now);
  const load = async () => {
    calls++;
    if (fail) throw new Error(`down ${calls}`);
    return calls;
  };
  return { gate, load, advance: (ms: number) => (now += ms), calls: () => calls, setFailing: (value: boolean) => (fail = value) };
}

describe(RefreshGate.name, () => {
  it('shares one running download between concurrent callers', async () => {
    const { gate, load, calls } = setup();
    const results = await Promise.all([gate.run(load, true), gate.run(load, true), gate.run(load)]);
    expect(results).toEqual([1, 1, 1]);
    expect(calls()).toBe(1);
  });

  it('starts on-demand downloads at most once per interval, answering the last result in between', async () => {
    const { gate, load, advance, calls } = setup();
    await gate.run(load); // the first load does not count against on-demand downloads
    expect(await gate.run(load, true)).toBe(2);
    expect(await gate.run(load, true)).toBe(2);
    advance(1000);
    expect(await gate.run(load, true)).toBe(3);
    expect(calls()).toBe(3);
  });

  it('answers a failure at once for the interval, then tries again', async () => {
    const { gate, load, advance, calls, setFailing } = setup();
    setFailing(true);
    await expect(gate.run(load)).rejects.toThrow('down 1');
    await expect(gate.run(load, true)).rejects.toThrow('down 1');
    setFailing(false);
    advance(999);
    await expect(gate.run(load)).rejects.toThrow('down 1');
    advance(1);
    expect(await gate.run(load)).toBe(2);
    expect(calls()).toBe(2);
  });
});
