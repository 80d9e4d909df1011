import { HmacKey } from '../hmac-key.js';

/** HMAC-SHA256 under one key (SigV4's signing-key chain and signatures), its pads derived once (HmacKey). */
export class HmacSha256Key extends HmacKey {
  constructor(key: Buffer) {
    super('sha256', key);
  }

  /** The HMAC of `message` (UTF-8), in lowercase hex. */
  hex(message: string): string {
    return this.digest(message, 'hex');
  }
}
