import { randomBytes } from 'node:crypto';
import type { RandomSource } from './ports.js';

/**
 * CSPRNG bytes drawn from `randomBytes` a pool at a time. Each `randomBytes` call costs a trip into
 * OpenSSL (about 7 µs on the loaded 2-core machine, three per minted credential); a slice of a pool
 * costs a fraction of that (node's `randomUUID` keeps a similar cache). Every byte is handed out
 * once: a spent pool is replaced by a new buffer, never refilled in place, so a slice a caller keeps
 * never changes under it.
 */
export class RandomPool implements RandomSource {
  private pool = Buffer.alloc(0);
  private offset = 0;

  constructor(private readonly poolBytes = 4096) {}

  bytes(length: number): Buffer {
    if (length > this.poolBytes) return randomBytes(length);
    if (this.offset + length > this.pool.length) {
      this.pool = randomBytes(this.poolBytes);
      this.offset = 0;
    }
    const slice = this.pool.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }
}
