import { describe, expect, it } from '@jest/globals';
import { nextRequestId } from './request-id.js';

describe(nextRequestId.name, () => {
  it('is the uppercase hex of a UnixNano close to now, strictly increasing', () => {
    const before = BigInt(Date.now()) * 1_000_000n;
    const ids = Array.from({ length: 5000 }, () => nextRequestId());
    const after = BigInt(Date.now()) * 1_000_000n;
    const values = ids.map((id) => BigInt(`0x${id}`));
    expect(ids.every((id) => /^[0-9A-F]{16}$/.test(id))).toBe(true);
    expect(values.every((value, i) => i === 0 || value > values[i - 1])).toBe(true);
    expect(values[0] >= before).toBe(true);
    // The random start is under a millisecond; within a millisecond the ids count up by one.
    expect(values[values.length - 1] < after + 1_000_000n + BigInt(ids.length)).toBe(true);
  });

  it('keeps the leading zeros of its low half: each id reads back as the value it stands for', () => {
    const ids = Array.from({ length: 3000 }, () => nextRequestId());
    expect(ids.filter((id) => BigInt(`0x${id}`).toString(16).toUpperCase() !== id)).toEqual([]);
  });
});
