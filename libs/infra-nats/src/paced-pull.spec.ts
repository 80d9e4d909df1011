import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { PacedPull, type PullBatch, type PullSource } from './paced-pull.js';

const EXPIRES_MS = 1000;

/** A durable consumer in memory: stored messages, and pulls that take them as nats-server hands them out. */
class FakeConsumer implements PullSource<string> {
  readonly stored: string[] = [];
  readonly pulls: number[] = [];
  closed = 0;
  failuresLeft = 0;
  private open?: { want: number; push(message: string): void };

  store(...messages: string[]): void {
    for (const message of messages) {
      if (this.open && this.open.want > 0) this.open.push(message);
      else this.stored.push(message);
    }
  }

  async pending(): Promise<number> {
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error('no responders');
    }
    return this.stored.length;
  }

  async fetch(count: number): Promise<PullBatch<string>> {
    this.pulls.push(count);
    const queue = this.stored.splice(0, count);
    let want = count - queue.length;
    let ended = want === 0;
    let wake: (() => void) | undefined;
    const end = () => {
      ended = true;
      wake?.();
    };
    const expiry = setTimeout(end, EXPIRES_MS);
    this.open = {
      get want() { return want; },
      push: (message) => {
        queue.push(message);
        want -= 1;
        if (want === 0) end();
        wake?.();
      },
    };
    const owner = this;
    return {
      close: async () => {
        owner.closed += 1;
        end();
      },
      async *[Symbol.asyncIterator]() {
        try {
          for (;;) {
            if (queue.length > 0) yield queue.shift()!;
            else if (ended) return;
            else await new Promise<void>((resolve) => (wake = resolve));
          }
        } finally {
          clearTimeout(expiry);
          owner.open = undefined;
        }
      },
    };
  }
}

function pullOf(consumer: FakeConsumer, overrides: Partial<ConstructorParameters<typeof PacedPull<string>>[1]> = {}) {
  const handled: string[] = [];
  const events: string[] = [];
  const pull = new PacedPull<string>(consumer, {
    intervalMs: 1000,
    maxMessages: 500,
    handle: async (message) => {
      handled.push(message);
    },
    afterBatch: () => events.push(`batch of ${handled.length}`),
    onError: async (error, first) => {
      events.push(`error ${(error as Error).message} first=${first}`);
    },
    onRecovered: () => events.push('recovered'),
    ...overrides,
  });
  return { pull, handled, events };
}

describe('PacedPull', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('takes everything stored in one batch, then nothing until the interval has passed', async () => {
    const consumer = new FakeConsumer();
    consumer.store('a', 'b', 'c');
    const { pull, handled, events } = pullOf(consumer);
    pull.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(handled).toEqual(['a', 'b', 'c']);
    expect(consumer.pulls).toEqual([3]);
    expect(events).toEqual(['batch of 3']);

    consumer.store('d', 'e');
    await jest.advanceTimersByTimeAsync(999);
    expect(consumer.pulls).toEqual([3]);
    expect(handled).toHaveLength(3);
    await jest.advanceTimersByTimeAsync(1);
    expect(consumer.pulls).toEqual([3, 2]);
    expect(handled).toEqual(['a', 'b', 'c', 'd', 'e']);
    await pull.stop();
  });

  it('asks for one when nothing is stored, and hands on what comes while that pull is open', async () => {
    const consumer = new FakeConsumer();
    const { pull, handled } = pullOf(consumer);
    pull.start();
    await jest.advanceTimersByTimeAsync(300);
    expect(consumer.pulls).toEqual([1]);
    consumer.store('late');
    await jest.advanceTimersByTimeAsync(0);
    expect(handled).toEqual(['late']);
    // The next pull starts a whole interval after the one that got it.
    await jest.advanceTimersByTimeAsync(699);
    expect(consumer.pulls).toEqual([1]);
    await jest.advanceTimersByTimeAsync(1);
    expect(consumer.pulls).toEqual([1, 1]);
    await pull.stop();
  });

  it('follows a full batch with the next at once, so a backlog drains without pauses', async () => {
    const consumer = new FakeConsumer();
    consumer.store(...Array.from({ length: 1200 }, (_, i) => `m${i}`));
    const { pull, handled } = pullOf(consumer);
    pull.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(consumer.pulls).toEqual([500, 500, 200]);
    expect(handled).toHaveLength(1200);
    expect(new Set(handled).size).toBe(1200);
    await pull.stop();
  });

  it('goes on after a handler rejects, and still ends the batch', async () => {
    const consumer = new FakeConsumer();
    consumer.store('a', 'bad', 'c');
    const seen: string[] = [];
    const { pull, events } = pullOf(consumer, {
      handle: async (message) => {
        seen.push(message);
        if (message === 'bad') throw new Error('disk full');
      },
    });
    pull.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(['a', 'bad', 'c']);
    expect(events).toEqual(['batch of 0']);
    await pull.stop();
  });

  it('reports failed pulls, the first of a run as such, retries each interval, and says when it works again', async () => {
    const consumer = new FakeConsumer();
    consumer.failuresLeft = 2;
    consumer.store('a');
    const { pull, handled, events } = pullOf(consumer);
    pull.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(events).toEqual(['error no responders first=true']);
    await jest.advanceTimersByTimeAsync(1000);
    expect(events).toEqual(['error no responders first=true', 'error no responders first=false']);
    expect(handled).toEqual([]);
    await jest.advanceTimersByTimeAsync(1000);
    expect(handled).toEqual(['a']);
    expect(events.slice(2)).toEqual(['batch of 1', 'recovered']);
    await pull.stop();
  });

  it('stops at once from a pause or an open pull, and pulls no more', async () => {
    const consumer = new FakeConsumer();
    const { pull } = pullOf(consumer);
    pull.start();
    await jest.advanceTimersByTimeAsync(100);
    expect(consumer.pulls).toEqual([1]);
    await pull.stop();
    expect(consumer.closed).toBe(1);
    await jest.advanceTimersByTimeAsync(5000);
    expect(consumer.pulls).toEqual([1]);

    const paused = new FakeConsumer();
    paused.store('a');
    const second = pullOf(paused);
    second.pull.start();
    await jest.advanceTimersByTimeAsync(10);
    expect(second.handled).toEqual(['a']);
    await second.pull.stop();
    await jest.advanceTimersByTimeAsync(5000);
    expect(paused.pulls).toEqual([1]);
  });
});
