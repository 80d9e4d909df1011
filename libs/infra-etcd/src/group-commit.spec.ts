import { describe, expect, it } from '@jest/globals';
import { GroupCommit, type GroupCommitOptions, type PendingWrite } from './group-commit.js';

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** A writer whose writes the test answers by hand, recording what each carried. */
function manualWriter(options: Partial<GroupCommitOptions> = {}) {
  const batches: number[][] = [];
  const open: Array<() => void> = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const commit = new GroupCommit<number>(async (batch: Array<PendingWrite<number>>) => {
    batches.push(batch.map((w) => w.item));
    mostInFlight = Math.max(mostInFlight, ++inFlight);
    await new Promise<void>((resolve) => open.push(resolve));
    inFlight--;
    if (batch.some((w) => w.item < 0)) throw new Error('refused');
    batch.forEach((w) => w.done(true));
  }, { maxBatch: 64, maxWrites: 1, fillTarget: 32, fillWaitMs: 0, ...options });
  return { commit, batches, answerNext: () => open.shift()?.(), mostInFlight: () => mostInFlight };
}

describe(GroupCommit.name, () => {
  it('writes a lone item at the end of its turn, and what arrives during a write in the next one', async () => {
    const { commit, batches, answerNext } = manualWriter();
    const first = commit.add(1);
    await turn();
    expect(batches).toEqual([[1]]);
    const later = [commit.add(2), commit.add(3)];
    await turn();
    commit.add(4);
    await turn();
    expect(batches).toEqual([[1]]);
    answerNext();
    expect(await first).toBe(true);
    await turn();
    expect(batches).toEqual([[1], [2, 3, 4]]);
    answerNext();
    expect(await Promise.all(later)).toEqual([true, true]);
  });

  it('keeps a write to maxBatch items', async () => {
    const { commit, batches, answerNext } = manualWriter({ maxBatch: 2 });
    const all = [1, 2, 3, 4, 5].map((n) => commit.add(n));
    for (let i = 0; i < 3; i++) {
      await turn();
      answerNext();
    }
    await Promise.all(all);
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('has one write in flight while no more than maxBatch items are queued', async () => {
    const { commit, batches, answerNext, mostInFlight } = manualWriter();
    const all = [commit.add(1)];
    for (let n = 2; n <= 4; n++) {
      await turn();
      all.push(commit.add(n));
    }
    await turn();
    expect(batches).toEqual([[1]]);
    answerNext();
    await turn();
    answerNext();
    expect(await Promise.all(all)).toEqual([true, true, true, true]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
    expect(mostInFlight()).toBe(1);
  });

  it('under load, waits up to fillWaitMs to fill a write', async () => {
    const { commit, batches, answerNext } = manualWriter({ fillWaitMs: 30, fillTarget: 3 });
    const all = [commit.add(1), commit.add(2)];
    await turn();
    all.push(commit.add(3));
    answerNext(); // the last write carried two: the next waits to fill
    await turn();
    await turn();
    expect(batches).toHaveLength(1);
    all.push(commit.add(4), commit.add(5)); // three queued: sent at once
    await turn();
    expect(batches).toEqual([[1, 2], [3, 4, 5]]);
    answerNext();
    all.push(commit.add(6));
    const started = Date.now();
    while (batches.length < 3) await new Promise((resolve) => setTimeout(resolve, 2));
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    answerNext();
    expect(await Promise.all(all)).toEqual(Array(6).fill(true));
  });

  it('fails the items of a write that throws, and writes what comes after', async () => {
    const { commit, answerNext } = manualWriter();
    const refused = [commit.add(-1), commit.add(7)];
    await turn();
    answerNext();
    await expect(refused[0]).rejects.toThrow('refused');
    await expect(refused[1]).rejects.toThrow('refused');
    const next = commit.add(8);
    await turn();
    answerNext();
    expect(await next).toBe(true);
  });

  it('sends a backlog of more than maxBatch items as up to maxWrites even writes at once', async () => {
    const { commit, batches, answerNext, mostInFlight } = manualWriter({ maxBatch: 4, maxWrites: 2 });
    const all = [commit.add(0)];
    await turn();
    for (let n = 1; n <= 13; n++) all.push(commit.add(n));
    answerNext();
    await turn();
    // 13 queued: two writes of 4 (maxWrites caps the wave), the rest after both are answered.
    expect(batches).toEqual([[0], [1, 2, 3, 4], [5, 6, 7, 8]]);
    answerNext();
    await turn();
    expect(batches).toHaveLength(3);
    answerNext();
    await turn();
    // 5 left: two writes of 3 and 2 rather than 4 and 1.
    expect(batches.slice(3)).toEqual([[9, 10, 11], [12, 13]]);
    answerNext();
    answerNext();
    expect(await Promise.all(all)).toEqual(Array(14).fill(true));
    expect(mostInFlight()).toBe(2);
  });

  it('fails only the items of the write that throws within a wave', async () => {
    const { commit, answerNext } = manualWriter({ maxBatch: 2, maxWrites: 2 });
    const first = commit.add(0);
    await turn();
    const wave = [commit.add(1), commit.add(2), commit.add(-3), commit.add(4)];
    answerNext();
    await first;
    await turn();
    answerNext();
    answerNext();
    expect(await Promise.all(wave.slice(0, 2))).toEqual([true, true]);
    await expect(wave[2]).rejects.toThrow('refused');
    await expect(wave[3]).rejects.toThrow('refused');
  });
});
