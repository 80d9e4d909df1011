import { describe, expect, it } from '@jest/globals';
import { RandomPool } from './random-pool.js';

describe(RandomPool.name, () => {
  it('hands out bytes that reach nothing else through .buffer, and keep their value as the pool is used and replaced', () => {
    const pool = new RandomPool(64);
    const first = pool.bytes(40);
    const kept = Buffer.from(first);
    const second = pool.bytes(24);
    for (const handed of [first, second]) {
      expect(handed.byteOffset).toBe(0);
      expect(handed.buffer.byteLength).toBe(handed.length);
    }
    expect(second.buffer).not.toBe(first.buffer);
    pool.bytes(8); // does not fit: a new pool
    pool.bytes(56);
    pool.bytes(8);
    expect(first.equals(kept)).toBe(true);
  });

  it('gives the requested length, larger than the pool too, each in a buffer of its own', () => {
    const pool = new RandomPool(32);
    expect(pool.bytes(12)).toHaveLength(12);
    const large = pool.bytes(100);
    expect(large).toHaveLength(100);
    expect(large.buffer.byteLength).toBe(100);
    expect(pool.bytes(0)).toHaveLength(0);
  });

  it('does not repeat itself', () => {
    const pool = new RandomPool();
    const seen = new Set(Array.from({ length: 1000 }, () => pool.bytes(16).toString('hex')));
    expect(seen.size).toBe(1000);
  });
});
