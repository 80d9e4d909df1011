import { describe, expect, it } from '@jest/globals';
import { parseAuthorization, signedHeaderSubset, signedHeaderSubsetOfRaw } from './index.js';

const AUTHORIZATION = 'AWS4-HMAC-SHA256 Credential=AK/20261123/us-east-1/sts/aws4_request, ' +
  'SignedHeaders=content-type;host;x-amz-date, Signature=' + 'a'.repeat(64);
const headers: [string, string][] = [
  ['Host', '127.0.0.1:9000'],
  ['User-Agent', 'aws-sdk-js/3'],
  ['Content-Type', 'application/x-www-form-urlencoded'],
  ['Content-Length', '57'],
  ['X-Amz-Date', '20261123T100000Z'],
  ['X-Amz-Security-Token', 'token'],
  ['X-Amz-Content-Sha256', 'b'.repeat(64)],
  ['Authorization', AUTHORIZATION],
];

describe(signedHeaderSubset.name, () => {
  it('should keep the signed headers and what the verifier reads, in arrival order', () => {
    expect(signedHeaderSubset(headers, AUTHORIZATION).map(([name]) => name)).toEqual(
      ['Host', 'Content-Type', 'X-Amz-Date', 'X-Amz-Security-Token', 'X-Amz-Content-Sha256', 'Authorization']);
  });

  it.each([['garbage', 'Bearer nope'], ['missing', undefined], ['huge', 'AWS4-HMAC-SHA256 '.repeat(10_000)]])(
    'should keep every header when the Authorization is %s', (_, authorization) => {
      expect(signedHeaderSubset(headers, authorization)).toEqual(headers);
    });

  it('should cap the list at the 64 headers a SignedRequest may carry', () => {
    const many = Array.from({ length: 100 }, (_, i): [string, string] => [`X-Junk-${i}`, 'v']);
    expect(signedHeaderSubset(many, 'not sigv4')).toHaveLength(64);
  });
});

describe(signedHeaderSubsetOfRaw.name, () => {
  const raw = headers.flat();

  it.each([['a header string', AUTHORIZATION], ['a parsed header', parseAuthorization(AUTHORIZATION)], ['garbage', 'Bearer nope'], ['no header', undefined]])(
    'should keep what signedHeaderSubset keeps, given %s', (_, authorization) => {
      expect(signedHeaderSubsetOfRaw(raw, authorization)).toEqual(signedHeaderSubset(headers, authorization));
    });

  it('should cap the list at 64 headers', () => {
    const many = Array.from({ length: 100 }, (_, i) => [`X-Junk-${i}`, 'v']).flat();
    expect(signedHeaderSubsetOfRaw(many, 'not sigv4')).toHaveLength(64);
  });
});
