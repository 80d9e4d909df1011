import { describe, expect, it } from '@jest/globals';
import { credentialScope, deriveSigningKey, signingKeyOf, stringToSign } from './index.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

describe(deriveSigningKey.name, () => {
  it("should derive the key from AWS's documented example (iam, us-east-1, 20150830)", () => {
    expect(deriveSigningKey(SECRET, '20150830', 'us-east-1', 'iam').toString('hex'))
      .toBe('c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9');
  });

  it('should hand out copies, so a caller cannot corrupt the cached key', () => {
    const first = deriveSigningKey(SECRET, '20150830', 'us-east-1', 'sts');
    const expected = Buffer.from(first);
    first.fill(0);
    expect(deriveSigningKey(SECRET, '20150830', 'us-east-1', 'sts')).toEqual(expected);
  });

  it('should tell apart tuples that concatenate to the same text', () => {
    expect(deriveSigningKey('s', '20150830', 'a/b', 'c')).not.toEqual(deriveSigningKey('s', '20150830', 'a', 'b/c'));
  });

  it('should keep deriving correct keys after the cache has evicted entries', () => {
    for (let i = 0; i < 600; i++) deriveSigningKey(`secret-${i}`, '20150830', 'us-east-1', 'sts');
    expect(deriveSigningKey(SECRET, '20150830', 'us-east-1', 'iam').toString('hex'))
      .toBe('c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9');
  });
});

describe(stringToSign.name, () => {
  it('should be algorithm, timestamp, scope and the hex SHA-256 of the canonical request', () => {
    expect(stringToSign('20150830T123600Z', credentialScope('20150830', 'us-east-1', 'service'), '')).toBe(
      'AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n' +
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

describe(signingKeyOf.name, () => {
  it('derives the same key as deriveSigningKey, and keeps it with the record', () => {
    const record = { secretKey: SECRET };
    const key = signingKeyOf(record, '20150830', 'us-east-1', 'iam');
    expect(key.key.toString('hex')).toBe('c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9');
    expect(signingKeyOf(record, '20150830', 'us-east-1', 'iam')).toBe(key);
  });

  it('derives again for another scope, and per record', () => {
    const record = { secretKey: SECRET };
    const first = signingKeyOf(record, '20150830', 'us-east-1', 'sts');
    expect(signingKeyOf(record, '20150831', 'us-east-1', 'sts').key).toEqual(deriveSigningKey(SECRET, '20150831', 'us-east-1', 'sts'));
    expect(signingKeyOf(record, '20150830', 'eu-west-1', 'sts').key).toEqual(deriveSigningKey(SECRET, '20150830', 'eu-west-1', 'sts'));
    expect(signingKeyOf(record, '20150830', 'us-east-1', 's3').key).toEqual(deriveSigningKey(SECRET, '20150830', 'us-east-1', 's3'));
    expect(signingKeyOf({ secretKey: 'other' }, '20150830', 'us-east-1', 'sts').key).toEqual(deriveSigningKey('other', '20150830', 'us-east-1', 'sts'));
    expect(signingKeyOf(record, '20150830', 'us-east-1', 'sts').key).toEqual(first.key);
  });
});
