import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

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
 * Fallback when no KMS key is configured: a key derived from the root password. Changing the root
 * password then makes stored secrets unreadable, which is why the apps warn about it at start.
 */
export function deriveMasterKeyFromRootPassword(rootPassword: string): MasterKey {
  const key = Buffer.from(hkdfSync('sha256', rootPassword, 'nats-sts/kms-fallback', 'secret-sealer', 32));
  return { name: `root-derived-${createHash('sha256').update(key).digest('hex').slice(0, 8)}`, key };
}

export class SecretSealer {
  constructor(private readonly master: MasterKey) {}

  seal(plaintext: string, context: string): SealedSecret {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.master.key, iv);
    cipher.setAAD(Buffer.from(context));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { kms: this.master.name, iv: iv.toString('base64'), ct: ct.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
  }

  /** Throws if the key name differs, the context differs or the ciphertext was altered. */
  open(sealed: SealedSecret, context: string): string {
    if (sealed.kms !== this.master.name) throw new Error(`secret sealed under KMS key "${sealed.kms}", not "${this.master.name}"`);
    const decipher = createDecipheriv('aes-256-gcm', this.master.key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ct, 'base64')), decipher.final()]).toString('utf8');
  }
}
