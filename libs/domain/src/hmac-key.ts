import { createHmac, hash } from 'node:crypto';

/** B and L of RFC 2104 for the hashes HMAC is used with here: SigV4's SHA-256, the session tokens' SHA-512. */
const HASHES = { sha256: { blockBytes: 64, digestBytes: 32 }, sha512: { blockBytes: 128, digestBytes: 64 } } as const;
export type HmacHash = keyof typeof HASHES;

/** A pad block and a SigV4 string to sign (under 200 bytes) or a session token's signed part fit; a longer message takes createHmac. */
const SCRATCH_BYTES = 8192;
/** Filled and hashed synchronously within one call, so one buffer serves every key. */
const scratch = Buffer.alloc(SCRATCH_BYTES);

/**
 * HMAC under one key, built as RFC 2104 §2 does: H(K⊕opad ‖ H(K⊕ipad ‖ m)), with both pad blocks
 * derived once per key. Written by hand because node:crypto has no one-shot HMAC: a `createHmac`
 * object per message (a native handle, a key import, a Buffer digest) costs about twice two
 * one-shot `crypto.hash` calls with string output (docs/performance.md). The spec checks it
 * against createHmac.
 */
export class HmacKey {
  private readonly blockBytes: number;
  private readonly digestBytes: number;
  private readonly innerPad: Buffer;
  private readonly outerPad: Buffer;

  /** `key`: read, never changed; a caller must not change it either. */
  constructor(private readonly algorithm: HmacHash, readonly key: Buffer) {
    ({ blockBytes: this.blockBytes, digestBytes: this.digestBytes } = HASHES[algorithm]);
    this.innerPad = Buffer.alloc(this.blockBytes, 0x36);
    this.outerPad = Buffer.alloc(this.blockBytes, 0x5c);
    const block = key.length > this.blockBytes ? hash(algorithm, key, 'buffer') : key;
    for (let i = 0; i < block.length; i++) {
      this.innerPad[i] ^= block[i];
      this.outerPad[i] ^= block[i];
    }
  }

  /** The HMAC of `message` (UTF-8). */
  digest(message: string, encoding: 'hex' | 'base64url'): string {
    const { blockBytes, digestBytes } = this;
    // A UTF-16 unit is at most three UTF-8 bytes.
    if (blockBytes + message.length * 3 > SCRATCH_BYTES) return createHmac(this.algorithm, this.key).update(message, 'utf8').digest(encoding);
    this.innerPad.copy(scratch, 0);
    const innerLength = blockBytes + scratch.write(message, blockBytes, 'utf8');
    const inner = hash(this.algorithm, scratch.subarray(0, innerLength), 'binary');
    this.outerPad.copy(scratch, 0);
    scratch.write(inner, blockBytes, 'binary');
    const mac = hash(this.algorithm, scratch.subarray(0, blockBytes + digestBytes), encoding);
    scratch.fill(0, 0, blockBytes + digestBytes); // no key material, nor the inner digest, left in the shared buffer
    return mac;
  }
}
