import { createHmac, hash } from 'node:crypto';

const BLOCK_BYTES = 64;
const DIGEST_BYTES = 32;
/** A pad block and a string to sign (under 200 bytes for every SDK) fit; a longer message takes createHmac. */
const SCRATCH_BYTES = 2048;
/** Filled and hashed synchronously within one call, so one buffer serves every key. */
const scratch = Buffer.alloc(SCRATCH_BYTES);

/**
 * HMAC-SHA256 under one key, built as RFC 2104 §2 does: SHA-256(K⊕opad ‖ SHA-256(K⊕ipad ‖ m)),
 * with both pad blocks derived once per key. Written by hand because node:crypto has no one-shot
 * HMAC: a `createHmac` object per message (a native handle, a Buffer digest) costs about twice
 * two one-shot `crypto.hash` calls with string output (docs/performance.md). The spec checks it
 * against createHmac.
 */
export class HmacSha256Key {
  private readonly innerPad = Buffer.alloc(BLOCK_BYTES, 0x36);
  private readonly outerPad = Buffer.alloc(BLOCK_BYTES, 0x5c);

  /** `key`: read, never changed; a caller must not change it either. */
  constructor(readonly key: Buffer) {
    const block = key.length > BLOCK_BYTES ? hash('sha256', key, 'buffer') : key;
    for (let i = 0; i < block.length; i++) {
      this.innerPad[i] ^= block[i];
      this.outerPad[i] ^= block[i];
    }
  }

  /** The HMAC of `message` (UTF-8), in lowercase hex. */
  hex(message: string): string {
    // A UTF-16 unit is at most three UTF-8 bytes.
    if (BLOCK_BYTES + message.length * 3 > SCRATCH_BYTES) return createHmac('sha256', this.key).update(message, 'utf8').digest('hex');
    this.innerPad.copy(scratch, 0);
    const innerLength = BLOCK_BYTES + scratch.write(message, BLOCK_BYTES, 'utf8');
    const inner = hash('sha256', scratch.subarray(0, innerLength), 'binary');
    this.outerPad.copy(scratch, 0);
    scratch.write(inner, BLOCK_BYTES, 'binary');
    const mac = hash('sha256', scratch.subarray(0, BLOCK_BYTES + DIGEST_BYTES), 'hex');
    scratch.fill(0, 0, BLOCK_BYTES); // no key material left in the shared buffer
    return mac;
  }
}
