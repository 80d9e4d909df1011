import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { HmacKey } from './hmac-key.js';

/** Messages around the shared buffer's edges (8,192 bytes less a 64- or 128-byte block), in ASCII and in multi-byte UTF-8. */
const MESSAGES = [
  '', 'eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCIsImtpZCI6ImFiIn0.eyJhY2Nlc3NLZXkiOiJBIn0', 'claims-é-中-😀',
  'x'.repeat(111), 'x'.repeat(112), 'x'.repeat(128), 'x'.repeat(2688), 'x'.repeat(2689), 'x'.repeat(2709), 'x'.repeat(2710),
  'x'.repeat(8064), 'x'.repeat(20000), '中'.repeat(2688), '中'.repeat(2689), '😀'.repeat(1500),
];

describe(HmacKey.name, () => {
  it.each(['sha256', 'sha512'] as const)('agrees with createHmac (%s) for keys shorter than, as long as and longer than a block', (algorithm) => {
    for (const length of [0, 1, 32, 64, 65, 127, 128, 129, 300]) {
      const key = randomBytes(length);
      const keyed = new HmacKey(algorithm, key);
      for (const message of MESSAGES) {
        expect(keyed.digest(message, 'base64url')).toBe(createHmac(algorithm, key).update(message, 'utf8').digest('base64url'));
        expect(keyed.digest(message, 'hex')).toBe(createHmac(algorithm, key).update(message, 'utf8').digest('hex'));
      }
    }
  });

  it('agrees with RFC 4231 test case 2 for HMAC-SHA512 (a short key)', () => {
    expect(new HmacKey('sha512', Buffer.from('Jefe')).digest('what do ya want for nothing?', 'hex'))
      .toBe('164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737');
  });

  it('keeps keys and hashes apart when calls interleave (one shared buffer serves every key)', () => {
    const keys = [randomBytes(64), randomBytes(64), randomBytes(200)];
    const keyed = keys.flatMap((key) => [new HmacKey('sha512', key), new HmacKey('sha256', key)]);
    for (let round = 0; round < 20; round++) {
      const message = `round ${round} ${'y'.repeat(round * 97)}`;
      keyed.forEach((k, i) => expect(k.digest(message, 'hex')).toBe(createHmac(i % 2 ? 'sha256' : 'sha512', keys[i >> 1]).update(message).digest('hex')));
    }
  });
});
