import { randomBytes } from 'node:crypto';
import type { RandomSource } from './ports.js';

/**
 * CSPRNG bytes drawn from `randomBytes` a pool at a time. Each `randomBytes` call costs a trip into
 * OpenSSL (about 7 µs on the loaded 2-core machine, three per minted credential); a copy out of a
 * pool costs a fraction of that (node's `randomUUID` keeps a similar cache). Every byte is handed
 * out once.
 *
 * What leaves the pool is a copy in an ArrayBuffer of its own, and the pool's bytes are zeroed as
 * they are handed out: a slice of the pool would expose, through `.buffer`, the bytes handed out
 * before it and those still to come (the next credentials' secret keys, a keyring secret).
 */
export class RandomPool implements RandomSource {
  private pool = Buffer.alloc(0);
  private offset = 0;

  constructor(private readonly poolBytes = 4096) {}

  bytes(length: number): Buffer {
    // randomBytes of this size allocates outside node's shared 8 KiB pool: its own ArrayBuffer.
    if (length > this.poolBytes) return randomBytes(length);
    if (this.offset + length > this.pool.length) {
      this.pool = randomBytes(this.poolBytes);
      this.offset = 0;
    }
    const out = Buffer.allocUnsafeSlow(length);
    this.pool.copy(out, 0, this.offset, this.offset + length);
    this.pool.fill(0, this.offset, this.offset + length);
    this.offset += length;
    return out;
  }
}
