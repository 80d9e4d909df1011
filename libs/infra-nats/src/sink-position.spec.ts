import { describe, expect, it } from '@jest/globals';
import { SinkPosition } from './sink-position.js';

const STREAM = { created: '2026-12-03T21:00:00.000000000Z', lastSeq: 500 };

describe('SinkPosition', () => {
  it('resumes from a checkpoint of the same stream, and from the start without one', () => {
    expect(SinkPosition.resume({ stream: STREAM.created, seq: 120 }, STREAM).seq).toBe(120);
    expect(SinkPosition.resume(undefined, STREAM).seq).toBe(0);
  });

  it('ignores a checkpoint of a stream since deleted and made again (its sequences started anew)', () => {
    expect(SinkPosition.resume({ stream: '2026-11-01T08:00:00Z', seq: 120 }, STREAM).seq).toBe(0);
  });

  it('never resumes past the last message the stream holds', () => {
    expect(SinkPosition.resume({ stream: STREAM.created, seq: 900 }, STREAM).seq).toBe(500);
  });

  it('ignores what is not a checkpoint', () => {
    for (const junk of [null, 'x', { stream: STREAM.created }, { stream: STREAM.created, seq: -1 }, { stream: STREAM.created, seq: 1.5 }, { stream: 7, seq: 3 }]) {
      expect(SinkPosition.resume(junk, STREAM).seq).toBe(0);
    }
  });

  it('moves forward with the acknowledgement floor, never back', () => {
    const position = SinkPosition.resume({ stream: STREAM.created, seq: 100 }, STREAM);
    expect(position.follow({ delivered: 100, ackFloor: 0 })).toBe(true); // just made from the position
    expect(position.seq).toBe(100);
    expect(position.follow({ delivered: 140, ackFloor: 130 })).toBe(true);
    expect(position.seq).toBe(130);
    expect(position.follow({ delivered: 140, ackFloor: 130 })).toBe(true);
    expect(position.seq).toBe(130);
  });

  it('tells a consumer that lost its state: it knows of fewer deliveries than the position', () => {
    const position = SinkPosition.resume({ stream: STREAM.created, seq: 100 }, STREAM);
    position.follow({ delivered: 160, ackFloor: 150 });
    expect(position.follow({ delivered: 0, ackFloor: 0 })).toBe(false);
    expect(position.follow({ delivered: 99, ackFloor: 99 })).toBe(false);
    expect(position.seq).toBe(150);
  });

  it('takes the floor of a consumer that kept its state on disk', () => {
    const position = SinkPosition.resume(undefined, STREAM);
    position.adopt(420);
    expect(position.seq).toBe(420);
    position.adopt(10);
    expect(position.seq).toBe(420);
  });

  it('has a checkpoint to save only when the position moved since the last one saved', () => {
    const position = SinkPosition.resume({ stream: STREAM.created, seq: 100 }, STREAM);
    expect(position.unsaved(STREAM.created)).toBeUndefined();
    position.follow({ delivered: 120, ackFloor: 110 });
    const checkpoint = position.unsaved(STREAM.created);
    expect(checkpoint).toEqual({ stream: STREAM.created, seq: 110 });
    position.markSaved(checkpoint!);
    expect(position.unsaved(STREAM.created)).toBeUndefined();
    position.follow({ delivered: 125, ackFloor: 125 });
    expect(position.unsaved(STREAM.created)).toEqual({ stream: STREAM.created, seq: 125 });
  });
});
