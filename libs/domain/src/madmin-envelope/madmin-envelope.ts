import { createCipheriv, createDecipheriv, pbkdf2, randomBytes, type CipherChaCha20Poly1305, type CipherGCM, type DecipherChaCha20Poly1305, type DecipherGCM } from 'node:crypto';
import { promisify } from 'node:util';
import { argon2id } from 'hash-wasm';
import { StsError } from '#contracts';

/**
 * madmin's encrypted admin bodies (madmin-go `EncryptData`/`DecryptData`): salt(32) ‖ algorithm
 * id(1) ‖ stream nonce(8) ‖ a sio-go stream keyed from the signer's secret key. Written by hand
 * because no npm package speaks sio-go's stream; the primitives are node:crypto and hash-wasm.
 */
export const MadminAlgorithm = { Argon2idAesGcm: 0x00, Argon2idChaCha20Poly1305: 0x01, Pbkdf2AesGcm: 0x02 } as const;
export type MadminAlgorithm = (typeof MadminAlgorithm)[keyof typeof MadminAlgorithm];

const SALT = 32;
const HEADER = SALT + 1 + 8;
const TAG = 16;
/** sio-go's BufSize: plaintext bytes per fragment. */
const FRAGMENT = 16384;
/** The most plaintext a body may carry (MinIO refuses encrypted bodies above 256 KiB + overhead). */
const MAX_PLAINTEXT = 256 * 1024;

const pbkdf2Async = promisify(pbkdf2);

/** madmin.IsEncrypted: a heuristic only, but JSON text never matches it. */
export function looksMadminEncrypted(data: Buffer): boolean {
  return data.length > SALT && data[SALT] <= MadminAlgorithm.Pbkdf2AesGcm;
}

/** Argon2id (t=1, m=64 MiB, p=4) for ids 0 and 1, PBKDF2-SHA256 (8192 rounds) for id 2; 32-byte keys. */
export async function deriveMadminKey(secret: string, salt: Buffer, id: MadminAlgorithm): Promise<Buffer> {
  if (id === MadminAlgorithm.Pbkdf2AesGcm) return pbkdf2Async(Buffer.from(secret, 'utf8'), salt, 8192, 32, 'sha256');
  const key = await argon2id({ password: secret, salt, iterations: 1, memorySize: 65536, parallelism: 4, hashLength: 32, outputType: 'binary' });
  return Buffer.from(key);
}

/** A key derived for one salt and algorithm: what reads a body and seals its answer (never logged). */
export interface MadminKey {
  salt: Buffer;
  algorithm: MadminAlgorithm;
  key: Buffer;
}

/** The one (slow) derivation for an encrypted body: from the signer's secret and the body's salt. */
export async function madminKeyOf(secret: string, data: Buffer): Promise<MadminKey> {
  if (data.length < HEADER + TAG) throw notAuthentic();
  const algorithm = data[SALT];
  if (algorithm > MadminAlgorithm.Pbkdf2AesGcm) throw new StsError('InvalidParameterValue', 'madmin: invalid encryption algorithm ID', { admin: 'XMinioAdminConfigBadJSON' });
  const salt = Buffer.from(data.subarray(0, SALT));
  return { salt, algorithm: algorithm as MadminAlgorithm, key: await deriveMadminKey(secret, salt, algorithm as MadminAlgorithm) };
}

export async function decryptMadminBody(secret: string, data: Buffer): Promise<Buffer> {
  return decryptMadminBodyWith(await madminKeyOf(secret, data), data);
}

/** Reads a body with a key already derived for its salt; a key for another salt or algorithm does not authenticate it. */
export function decryptMadminBodyWith(key: MadminKey, data: Buffer): Buffer {
  if (data.length < HEADER + TAG || !data.subarray(0, SALT).equals(key.salt) || data[SALT] !== key.algorithm) throw notAuthentic();
  const stream = new SioStream(key.key, key.algorithm, data.subarray(SALT + 1, HEADER));
  const body = data.subarray(HEADER);
  const parts: Buffer[] = [];
  let offset = 0;
  let seq = 1;
  for (; body.length - offset > FRAGMENT + TAG; offset += FRAGMENT + TAG) parts.push(stream.open(body.subarray(offset, offset + FRAGMENT + TAG), seq++, false));
  parts.push(stream.open(body.subarray(offset), seq, true));
  return Buffer.concat(parts);
}

export interface MadminEncryptOptions {
  algorithm?: MadminAlgorithm;
  /** Fixed salt and nonce for test vectors; random otherwise. */
  salt?: Buffer;
  nonce?: Buffer;
}

export async function encryptMadminBody(secret: string, plaintext: Buffer, options: MadminEncryptOptions = {}): Promise<Buffer> {
  if (plaintext.length > MAX_PLAINTEXT) throw new StsError('EntityTooLarge', 'The answer is too large to encrypt.');
  const algorithm = options.algorithm ?? MadminAlgorithm.Argon2idAesGcm;
  const salt = options.salt ?? randomBytes(SALT);
  return encryptMadminBodyWith({ salt, algorithm, key: await deriveMadminKey(secret, salt, algorithm) }, plaintext, options.nonce);
}

/**
 * Seals an answer with the key of the request's body (its salt, so madmin derives the same key) and a
 * fresh random stream nonce: one derivation serves the whole round trip.
 */
export function encryptMadminBodyWith(key: MadminKey, plaintext: Buffer, nonce: Buffer = randomBytes(8)): Buffer {
  if (plaintext.length > MAX_PLAINTEXT) throw new StsError('EntityTooLarge', 'The answer is too large to encrypt.');
  const stream = new SioStream(key.key, key.algorithm, nonce);
  const parts: Buffer[] = [key.salt, Buffer.of(key.algorithm), nonce];
  let offset = 0;
  let seq = 1;
  for (; plaintext.length - offset > FRAGMENT; offset += FRAGMENT) parts.push(stream.seal(plaintext.subarray(offset, offset + FRAGMENT), seq++, false));
  parts.push(stream.seal(plaintext.subarray(offset), seq, true));
  return Buffer.concat(parts);
}

const notAuthentic = () => new StsError('InvalidParameterValue', 'The encrypted body is not authentic (madmin encrypts with the secret key of the signing credential).', { admin: 'XMinioAdminConfigBadJSON' });

/** sio-go: nonce = stream nonce ‖ LE32 sequence; AAD = final flag ‖ the tag of an empty seal under sequence 0. */
class SioStream {
  private readonly cipher: 'aes-256-gcm' | 'chacha20-poly1305';
  private readonly adTag: Buffer;

  constructor(private readonly key: Buffer, id: MadminAlgorithm, private readonly nonce: Buffer) {
    this.cipher = id === MadminAlgorithm.Argon2idChaCha20Poly1305 ? 'chacha20-poly1305' : 'aes-256-gcm';
    const c = this.encryptor(0);
    c.final();
    this.adTag = c.getAuthTag();
  }

  seal(plaintext: Buffer, seq: number, final: boolean): Buffer {
    const c = this.encryptor(seq);
    c.setAAD(this.aad(final), { plaintextLength: plaintext.length });
    return Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]);
  }

  open(fragment: Buffer, seq: number, final: boolean): Buffer {
    if (fragment.length < TAG) throw notAuthentic();
    const d = this.decryptor(seq);
    d.setAAD(this.aad(final), { plaintextLength: fragment.length - TAG });
    d.setAuthTag(fragment.subarray(fragment.length - TAG));
    try {
      return Buffer.concat([d.update(fragment.subarray(0, fragment.length - TAG)), d.final()]);
    } catch {
      throw notAuthentic();
    }
  }

  private encryptor(seq: number): CipherGCM | CipherChaCha20Poly1305 {
    const options = { authTagLength: TAG };
    return this.cipher === 'chacha20-poly1305'
      ? createCipheriv(this.cipher, this.key, this.iv(seq), options)
      : createCipheriv(this.cipher, this.key, this.iv(seq), options);
  }

  private decryptor(seq: number): DecipherGCM | DecipherChaCha20Poly1305 {
    const options = { authTagLength: TAG };
    return this.cipher === 'chacha20-poly1305'
      ? createDecipheriv(this.cipher, this.key, this.iv(seq), options)
      : createDecipheriv(this.cipher, this.key, this.iv(seq), options);
  }

  private iv(seq: number): Buffer {
    const iv = Buffer.alloc(12);
    this.nonce.copy(iv, 0, 0, 8);
    iv.writeUInt32LE(seq, 8);
    return iv;
  }

  private aad(final: boolean): Buffer {
    return Buffer.concat([Buffer.of(final ? 0x80 : 0x00), this.adTag]);
  }
}
