import { describe, expect, it } from '@jest/globals';
import { RandomPool } from './random-pool.js';

describe(RandomPool.name, () => {
  it('hands out every byte of a pool once, and a slice keeps its bytes after the pool is replaced', () => {
    const pool = new RandomPool(64);
    const first = pool.bytes(40);
    const kept = Buffer.from(first);
    const second = pool.bytes(24);
    expect(second.buffer).toBe(first.buffer);
    expect(second.byteOffset).toBe(first.byteOffset + 40);
    const third = pool.bytes(8); // does not fit: a new pool
    expect(third.buffer).not.toBe(first.buffer);
    pool.bytes(56);
    pool.bytes(8);
    expect(first.equals(kept)).toBe(true);
  });

  it('gives the requested length, larger than the pool too', () => {
    const pool = new RandomPool(32);
    expect(pool.bytes(12)).toHaveLength(12);
    expect(pool.bytes(100)).toHaveLength(100);
    expect(pool.bytes(0)).toHaveLength(0);
  });

  it('does not repeat itself', () => {
    const pool = new RandomPool();
    const seen = new Set(Array.from({ length: 1000 }, () => pool.bytes(16).toString('hex')));
    expect(seen.size).toBe(1000);
  });
});
