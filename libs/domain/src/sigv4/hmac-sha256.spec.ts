import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { HmacSha256Key } from './hmac-sha256.js';

const reference = (key: Buffer, message: string) => createHmac('sha256', key).update(message, 'utf8').digest('hex');

/** Messages around the shared buffer's edges, in ASCII and in multi-byte UTF-8. */
const MESSAGES = [
  '',
  'AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/sts/aws4_request\n' + 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  'région-é-中-😀',
  'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(64), 'x'.repeat(660), 'x'.repeat(661), 'x'.repeat(1984), 'x'.repeat(5000),
  '中'.repeat(660), '中'.repeat(661), '😀'.repeat(400),
];

describe(HmacSha256Key.name, () => {
  it('agrees with createHmac for keys shorter than, as long as and longer than a block', () => {
    for (const length of [0, 1, 20, 32, 63, 64, 65, 100, 200]) {
      const key = randomBytes(length);
      const keyed = new HmacSha256Key(key);
      for (const message of MESSAGES) expect(keyed.hex(message)).toBe(reference(key, message));
    }
  });

  it('agrees with RFC 4231 test case 2 (a short key)', () => {
    expect(new HmacSha256Key(Buffer.from('Jefe')).hex('what do ya want for nothing?'))
      .toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it('keeps keys apart when calls interleave (one shared buffer serves every key)', () => {
    const keys = [randomBytes(32), randomBytes(32), randomBytes(80)];
    const keyed = keys.map((key) => new HmacSha256Key(key));
    for (let round = 0; round < 20; round++) {
      const message = `round ${round} ${'y'.repeat(round * 37)}`;
      keyed.forEach((k, i) => expect(k.hex(message)).toBe(reference(keys[i], message)));
    }
  });

  it('leaves the key it was given unchanged', () => {
    const key = randomBytes(32);
    const copy = Buffer.from(key);
    const keyed = new HmacSha256Key(key);
    expect(keyed.hex('message')).toBe(reference(copy, 'message'));
    expect(key).toEqual(copy);
  });
});
