import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import {
  decryptMadminBody, decryptMadminBodyWith, deriveMadminKey, encryptMadminBody, encryptMadminBodyWith, looksMadminEncrypted, madminKeyOf, MadminAlgorithm, type MadminAlgorithm as Id,
} from './madmin-envelope.js';

// Vectors produced by madmin-go v2.0.7 (sio-go + x/crypto): /work/shared/reference/minio-admin-api.md §2.7.
const PASSWORD = 'minio123-secret';
const SALT = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
const NONCE = Buffer.from('a0a1a2a3a4a5a6a7', 'hex');
const PLAINTEXT = Buffer.from('{"secretKey":"newuser-secret","status":"enabled"}');
const VECTORS: Array<{ id: Id; key: string; body: string }> = [
  { id: 0, key: 'c8a9cfe02da842d9af7c383c17fb4b12b4b63d07d8f7021e81c0f3c956c5cb32',
    body: 'ad8961d36cf64f2577a4c8e1c84f6cc55a82cfadeec0aecfe22f78e926a365ac9122ba8c635928d504a2a6d1d91bbb925219061bad245fb0042ab1f1ad70280aa9' },
  { id: 1, key: 'c8a9cfe02da842d9af7c383c17fb4b12b4b63d07d8f7021e81c0f3c956c5cb32',
    body: '2aec9bfa6fafe87f6ef0a4ae53c6835ec583790416ff6be5b55e12cf4d27ee561f53db359dcc66d3930eb79d8cf45f2956f27b98259a104e5705344fa160950454' },
  { id: 2, key: '8f860e2774fbad5ea476cf0a644085389f8029a4c8e47d9510d74b206e492df6',
    body: 'a0dc539e9ca837ac108bd350e42ed1891b959225d1400d666eba568c2a56608adecb89224c6384c3c3a936d49572f79c9c84ea04a783497248f02ef136e109c137' },
];
const vector = (id: Id, body: string) => Buffer.concat([SALT, Buffer.of(id), NONCE, Buffer.from(body, 'hex')]);
const fixed = (algorithm: Id) => ({ algorithm, salt: SALT, nonce: NONCE });
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const bytesModulo251 = Buffer.from(Array.from({ length: 40000 }, (_, i) => i % 251));

describe('madmin body encryption', () => {
  it('derives once per round trip: the body\'s key reads it and seals the answer under the same salt, which madmin\'s own derivation opens', async () => {
    const request = vector(0, VECTORS[0].body);
    const key = await madminKeyOf(PASSWORD, request);
    expect(decryptMadminBodyWith(key, request).toString()).toBe(PLAINTEXT.toString());
    const answer = encryptMadminBodyWith(key, Buffer.from('{"ok":true}'));
    expect(answer.subarray(0, 33).equals(request.subarray(0, 33))).toBe(true);
    expect(answer.subarray(33, 41).equals(NONCE)).toBe(false);
    expect((await decryptMadminBody(PASSWORD, answer)).toString()).toBe('{"ok":true}');
    const other = await encryptMadminBody(PASSWORD, PLAINTEXT);
    expect(() => decryptMadminBodyWith(key, other)).toThrow('not authentic');
    expect(() => decryptMadminBodyWith({ ...key, key: Buffer.alloc(32) }, request)).toThrow('not authentic');
  });

  it.each(VECTORS)('derives madmin\'s key for algorithm $id', async ({ id, key }) => {
    expect((await deriveMadminKey(PASSWORD, SALT, id)).toString('hex')).toBe(key);
  });

  it.each(VECTORS)('encrypts byte for byte as madmin with algorithm $id and decrypts madmin\'s bytes', async ({ id, body }) => {
    expect((await encryptMadminBody(PASSWORD, PLAINTEXT, fixed(id))).toString('hex')).toBe(vector(id, body).toString('hex'));
    expect((await decryptMadminBody(PASSWORD, vector(id, body))).toString()).toBe(PLAINTEXT.toString());
  });

  it('encrypts an empty body as one final fragment carrying only its tag', async () => {
    const out = await encryptMadminBody(PASSWORD, Buffer.alloc(0), fixed(MadminAlgorithm.Argon2idAesGcm));
    expect(out.subarray(41).toString('hex')).toBe('181ef75b96a7b2b281d7d9549d55f3c2');
    expect((await decryptMadminBody(PASSWORD, out)).length).toBe(0);
  });

  it('cuts 40000 bytes into two full fragments and a final one, as sio-go does', async () => {
    const aes = await encryptMadminBody(PASSWORD, bytesModulo251, fixed(MadminAlgorithm.Argon2idAesGcm));
    expect(aes.length).toBe(40089);
    expect(sha256(aes)).toBe('1bc183bead1737ae375aa9fafc3861aece0026e0fd22129a045850c7d3f4ca87');
    expect(aes.subarray(41 + 16384, 41 + 16400).toString('hex')).toBe('8a12cfdf26d41af1622708100a9166e4');
    expect(aes.subarray(aes.length - 16).toString('hex')).toBe('de3e85246726f6a84c67472524dffdc6');
    const chacha = await encryptMadminBody(PASSWORD, bytesModulo251, fixed(MadminAlgorithm.Argon2idChaCha20Poly1305));
    expect(sha256(chacha)).toBe('4afc3f297ecc360e30049259a24737939e954125ad8f98c9a1290bdab5ab693a');
    expect((await decryptMadminBody(PASSWORD, chacha)).equals(bytesModulo251)).toBe(true);
  });

  it.each([[16384, 16441], [16385, 16458], [32768, 32841]])('puts fragment boundaries where sio-go does for %i bytes', async (size, length) => {
    const out = await encryptMadminBody(PASSWORD, Buffer.alloc(size), { algorithm: MadminAlgorithm.Pbkdf2AesGcm });
    expect(out.length).toBe(length);
    expect((await decryptMadminBody(PASSWORD, out)).equals(Buffer.alloc(size))).toBe(true);
  });

  it('refuses a body encrypted with another secret, a flipped bit, a truncation and an unknown algorithm', async () => {
    const good = vector(2, VECTORS[2].body);
    await expect(decryptMadminBody('another-secret', good)).rejects.toMatchObject({ code: 'InvalidParameterValue' });
    const flipped = Buffer.from(good);
    flipped[60] ^= 1;
    await expect(decryptMadminBody(PASSWORD, flipped)).rejects.toThrow('not authentic');
    await expect(decryptMadminBody(PASSWORD, good.subarray(0, 50))).rejects.toThrow('not authentic');
    const unknown = Buffer.from(good);
    unknown[32] = 7;
    await expect(decryptMadminBody(PASSWORD, unknown)).rejects.toThrow('invalid encryption algorithm ID');
  });

  it('tells madmin ciphertext from the JSON our CLI and curl send', () => {
    expect(looksMadminEncrypted(vector(0, VECTORS[0].body))).toBe(true);
    expect(looksMadminEncrypted(PLAINTEXT)).toBe(false);
    expect(looksMadminEncrypted(Buffer.from('{}'))).toBe(false);
  });
});
