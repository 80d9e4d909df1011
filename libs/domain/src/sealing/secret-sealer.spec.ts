import { describe, expect, it } from '@jest/globals';
import { derivePasswordKey, legacyPasswordKey, PASSWORD_KDF, PASSWORD_KEY_NAME, SecretSealer } from './secret-sealer.js';

const SALT = Buffer.alloc(PASSWORD_KDF.saltLength, 7);

// Issue 11 case 11: one HKDF round with a fixed salt and a 32-bit key fingerprint beside every value.
describe('the password-derived sealing key', () => {
  it('is scrypt with N=2^15, r=8, p=1 over the deployment salt', () => {
    expect(PASSWORD_KDF).toMatchObject({ algorithm: 'scrypt', N: 32768, r: 8, p: 1, keyLength: 32 });
    const key = derivePasswordKey('root-password-1', SALT);
    expect(key.key).toHaveLength(32);
    expect(derivePasswordKey('root-password-1', Buffer.alloc(16, 8)).key.equals(key.key)).toBe(false);
    expect(derivePasswordKey('root-password-2', SALT).key.equals(key.key)).toBe(false);
  });

  it('stores no fingerprint of the key beside a sealed value: the name is the same for every password', () => {
    const sealed = [new SecretSealer(derivePasswordKey('one-password', SALT)), new SecretSealer(derivePasswordKey('another-one', SALT))]
      .map((sealer) => sealer.seal('secret', 'ctx'));
    expect(sealed.map((s) => s.kms)).toEqual([PASSWORD_KEY_NAME, PASSWORD_KEY_NAME]);
    expect(Object.keys(sealed[0]).sort()).toEqual(['ct', 'iv', 'kms', 'tag']);
  });

  it('opens values sealed under the legacy key and seals them again under the scrypt key', () => {
    const legacy = new SecretSealer(legacyPasswordKey('root-password-1'));
    const old = legacy.seal('user-secret', 'iam/users/alice');
    expect(old.kms).toMatch(/^root-derived-[0-9a-f]{8}$/);
    const current = new SecretSealer(derivePasswordKey('root-password-1', SALT), legacyPasswordKey('root-password-1'));
    expect(current.needsResealing(old)).toBe(true);
    const resealed = current.reseal(old, 'iam/users/alice');
    expect(resealed.kms).toBe(PASSWORD_KEY_NAME);
    expect(current.needsResealing(resealed)).toBe(false);
    expect(current.open(resealed, 'iam/users/alice')).toBe('user-secret');
    expect(() => current.reseal(old, 'iam/users/mallory')).toThrow();
    expect(() => new SecretSealer(derivePasswordKey('root-password-1', SALT)).open(old, 'iam/users/alice')).toThrow(/root-derived/);
  });
});

describe(SecretSealer.name, () => {
  it('seals every value under a fresh 96-bit nonce, across the blocks nonces are drawn from', () => {
    const sealer = new SecretSealer({ name: 'k1', key: Buffer.alloc(32, 3) });
    const ivs = Array.from({ length: 1500 }, (_, i) => sealer.seal(`secret-${i}`, 'ctx').iv);
    expect(new Set(ivs).size).toBe(ivs.length);
    expect(ivs.every((iv) => Buffer.from(iv, 'base64').length === 12)).toBe(true);
    const sealed = sealer.seal('secret', 'sts/credentials/A');
    expect(sealer.open(sealed, 'sts/credentials/A')).toBe('secret');
    expect(() => sealer.open(sealed, 'sts/credentials/B')).toThrow();
  });
});
