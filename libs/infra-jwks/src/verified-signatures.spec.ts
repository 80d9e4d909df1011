import { createSecretKey } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { VerifiedSignatures } from './verified-signatures.js';

const key = createSecretKey(Buffer.alloc(32, 1));
const otherKey = createSecretKey(Buffer.alloc(32, 2));
const NOW = 1_700_000_000_000;
const exp = (secondsFromNow: number) => NOW / 1000 + secondsFromNow;

describe(VerifiedSignatures.name, () => {
  it('names a token by a digest of all of its bytes, not by the token', () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln';
    expect(VerifiedSignatures.nameOf(token)).not.toContain('eyJ');
    expect(VerifiedSignatures.nameOf(token)).not.toBe(VerifiedSignatures.nameOf(`${token}x`));
  });

  it('knows a token only for the key that checked it', () => {
    const signatures = new VerifiedSignatures();
    signatures.remember('t', key, exp(300), NOW);
    expect(signatures.checkedBy('t', key, NOW + 1000)).toBe(true);
    expect(signatures.checkedBy('t', otherKey, NOW + 1000)).toBe(false);
    expect(signatures.checkedBy('u', key, NOW + 1000)).toBe(false);
  });

  it('forgets a token once its exp has passed', () => {
    const signatures = new VerifiedSignatures();
    signatures.remember('t', key, exp(300), NOW);
    expect(signatures.checkedBy('t', key, NOW + 299_999)).toBe(true);
    expect(signatures.checkedBy('t', key, NOW + 300_000)).toBe(false);
    expect(signatures.size).toBe(0);
  });

  it('keeps no token without a numeric exp, or already expired', () => {
    const signatures = new VerifiedSignatures();
    signatures.remember('none', key, undefined, NOW);
    signatures.remember('text', key, String(exp(300)), NOW);
    signatures.remember('past', key, exp(-1), NOW);
    expect(signatures.size).toBe(0);
  });

  it('holds at most its limit, dropping the oldest first', () => {
    const signatures = new VerifiedSignatures(2);
    signatures.remember('a', key, exp(300), NOW);
    signatures.remember('b', key, exp(300), NOW);
    signatures.remember('c', key, exp(300), NOW);
    expect(signatures.size).toBe(2);
    expect(signatures.checkedBy('a', key, NOW)).toBe(false);
    expect(signatures.checkedBy('b', key, NOW)).toBe(true);
    expect(signatures.checkedBy('c', key, NOW)).toBe(true);
  });
});
