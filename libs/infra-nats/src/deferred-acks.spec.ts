import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { DeferredAcks } from './deferred-acks.js';

const message = (acked: string[], name: string) => ({ ack: () => acked.push(name) });

describe('DeferredAcks', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('acknowledges the messages stored within the delay together, once it has passed', () => {
    const acked: string[] = [];
    const acks = new DeferredAcks(50, 10);
    acks.add(message(acked, 'a'));
    jest.advanceTimersByTime(30);
    acks.add(message(acked, 'b'));
    expect(acked).toEqual([]);
    jest.advanceTimersByTime(20);
    expect(acked).toEqual(['a', 'b']);
  });

  it('acknowledges at once when `max` messages wait', () => {
    const acked: string[] = [];
    const acks = new DeferredAcks(50, 2);
    acks.add(message(acked, 'a'));
    acks.add(message(acked, 'b'));
    expect(acked).toEqual(['a', 'b']);
    acks.add(message(acked, 'c'));
    jest.advanceTimersByTime(50);
    expect(acked).toEqual(['a', 'b', 'c']);
  });

  it('acknowledges what waits when flushed (shutdown), and nothing twice', () => {
    const acked: string[] = [];
    const acks = new DeferredAcks(50, 10);
    acks.add(message(acked, 'a'));
    acks.flush();
    jest.advanceTimersByTime(100);
    acks.flush();
    expect(acked).toEqual(['a']);
  });

  it('carries on past an acknowledgement that cannot be sent (a closing connection)', () => {
    const acked: string[] = [];
    const acks = new DeferredAcks(50, 10);
    acks.add({ ack: () => { throw new Error('connection draining'); } });
    acks.add(message(acked, 'b'));
    expect(() => jest.advanceTimersByTime(50)).not.toThrow();
    expect(acked).toEqual(['b']);
  });
});
