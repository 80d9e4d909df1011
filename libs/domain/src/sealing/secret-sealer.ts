import { createCipheriv, createDecipheriv, createHash, createSecretKey, hkdfSync, randomBytes, scryptSync, type KeyObject } from 'node:crypto';

/** A secret at rest: AES-256-GCM, bound by AAD to the etcd key it is stored under. */
export interface SealedSecret {
  kms: string;
  iv: string;
  ct: string;
  tag: string;
}

export interface MasterKey {
  name: string;
  key: Buffer;
}

/** `MINIO_KMS_SECRET_KEY` = `<name>:<base64 of 32 bytes>`, as MinIO's single-key KMS. */
export function parseKmsSecretKey(value: string): MasterKey {
  const colon = value.indexOf(':');
  if (colon < 1) throw new Error('MINIO_KMS_SECRET_KEY must look like <key-name>:<base64 of 32 bytes>');
  const key = Buffer.from(value.slice(colon + 1), 'base64');
  if (key.length !== 32) throw new Error('MINIO_KMS_SECRET_KEY must carry exactly 32 bytes (base64) after the name');
  return { name: value.slice(0, colon), key };
}

/**
 * scrypt's cost for the password-derived key: N = 2^15, r = 8, p = 1 (32 MiB and ~0.1 s per guess,
 * OWASP's floor for scrypt), a 16-byte random salt stored once in etcd. Derived once per process.
 */
export const PASSWORD_KDF = { algorithm: 'scrypt', N: 2 ** 15, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;

/**
 * The name sealed values carry when the key derives from the root password: the same for every
 * password, so nothing stored beside a value lets a guess be checked without the full scrypt work.
 */
export const PASSWORD_KEY_NAME = 'root-password';

/**
 * Fallback when no KMS key is configured: a key derived from the root password with scrypt and the
 * deployment's salt. Changing the root password then makes stored secrets unreadable, which is why
 * the apps warn about it at start.
 */
export function derivePasswordKey(rootPassword: string, salt: Buffer): MasterKey {
  const { N, r, p, keyLength } = PASSWORD_KDF;
  return { name: PASSWORD_KEY_NAME, key: scryptSync(rootPassword, salt, keyLength, { N, r, p, maxmem: 128 * N * r * 2 }) };
}

/**
 * The earlier derivation (one HKDF round, fixed salt, a 32-bit key fingerprint in every value's
 * name): kept only to open values sealed before the move to scrypt, which are then sealed again.
 */
export function legacyPasswordKey(rootPassword: string): MasterKey {
  const key = Buffer.from(hkdfSync('sha256', rootPassword, 'nats-sts/kms-fallback', 'secret-sealer', 32));
  return { name: `root-derived-${createHash('sha256').update(key).digest('hex').slice(0, 8)}`, key };
}

export class SecretSealer {
  /**
   * The keys as KeyObjects, imported once: a raw key is imported again by every cipher. With IVs from
   * a pool instead of a `randomBytes` call each, sealing costs about half (docs/performance.md).
   */
  private readonly keys = new Map<string, KeyObject>();
  private readonly masterKey: KeyObject;
  private readonly ivs = new IvSource();

  /** `legacy` only opens values sealed under an earlier key; nothing is sealed with it. */
  constructor(private readonly master: MasterKey, private readonly legacy?: MasterKey) {
    if (legacy) this.keys.set(legacy.name, createSecretKey(legacy.key));
    this.masterKey = createSecretKey(master.key);
    this.keys.set(master.name, this.masterKey);
  }

  /** Whether a stored value is under the legacy key and should be sealed again under the current one. */
  needsResealing(sealed: SealedSecret): boolean {
    return this.legacy !== undefined && sealed.kms === this.legacy.name && sealed.kms !== this.master.name;
  }

  reseal(sealed: SealedSecret, context: string): SealedSecret {
    return this.seal(this.open(sealed, context), context);
  }

  seal(plaintext: string, context: string): SealedSecret {
    const iv = this.ivs.next();
    const cipher = createCipheriv('aes-256-gcm', this.masterKey, iv);
    cipher.setAAD(Buffer.from(context));
    const head = cipher.update(plaintext, 'utf8');
    const last = cipher.final(); // empty: GCM is a stream mode
    const ct = last.length === 0 ? head : Buffer.concat([head, last]);
    return { kms: this.master.name, iv: iv.toString('base64'), ct: ct.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
  }

  /** Throws if the key name differs, the context differs or the ciphertext was altered. */
  open(sealed: SealedSecret, context: string): string {
    const key = this.keys.get(sealed.kms);
    if (!key) throw new Error(`secret sealed under KMS key "${sealed.kms}", not "${this.master.name}"`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ct, 'base64')), decipher.final()]).toString('utf8');
  }
}

const IV_BYTES = 12;
const IV_BLOCK_BYTES = 4096;

/**
 * Fresh 96-bit GCM nonces: CSPRNG bytes drawn a block at a time (a `randomBytes` call each was
 * about half of a seal), each handed out once, a spent block replaced, never refilled in place.
 * Unlike RandomPool, a nonce is a view into the block, not a copy in a buffer of its own: the block
 * holds nothing but nonces, which are stored in the clear beside every sealed value anyway, so
 * what its `.buffer` shows is no secret; the copy and its ArrayBuffer cost more than the rest of
 * the draw.
 */
class IvSource {
  private block = Buffer.alloc(0);
  private offset = 0;

  next(): Buffer {
    if (this.offset + IV_BYTES > this.block.length) {
      this.block = randomBytes(IV_BLOCK_BYTES);
      this.offset = 0;
    }
    this.offset += IV_BYTES;
    return this.block.subarray(this.offset - IV_BYTES, this.offset);
  }
}
