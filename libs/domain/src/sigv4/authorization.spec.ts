import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { StsError } from '#contracts';
import { parseAuthorization } from './index.js';

const SIGNATURE = '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b';
const CREDENTIAL = 'AKIDEXAMPLE/20150830/us-east-1/sts/aws4_request';
const header = (credential = CREDENTIAL, signedHeaders = 'host;x-amz-date', signature = SIGNATURE): string =>
  `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=${signedHeaders}, Signature=${signature}`;

describe(parseAuthorization.name, () => {
  it('should split the AWS SDK form into scope, signed headers and signature', () => {
    expect(parseAuthorization(header())).toEqual({
      accessKey: 'AKIDEXAMPLE', date: '20150830', region: 'us-east-1', service: 'sts',
      signedHeaders: ['host', 'x-amz-date'], signature: SIGNATURE,
    });
  });

  it.each([
    ['commas without spaces', `AWS4-HMAC-SHA256 Credential=${CREDENTIAL},SignedHeaders=host,Signature=${SIGNATURE}`],
    ['extra spaces and tabs', `  AWS4-HMAC-SHA256\tCredential = ${CREDENTIAL} ,  SignedHeaders=host ,Signature=${SIGNATURE}  `],
    ['parameters in another order', `AWS4-HMAC-SHA256 Signature=${SIGNATURE}, SignedHeaders=host, Credential=${CREDENTIAL}`],
  ])('should tolerate %s', (_, value) => {
    expect(parseAuthorization(value)).toMatchObject({ accessKey: 'AKIDEXAMPLE', signedHeaders: ['host'], signature: SIGNATURE });
  });

  it('should accept the empty region minio-js sends when none is configured', () => {
    expect(parseAuthorization(header('AK/20261123//sts/aws4_request')).region).toBe('');
  });

  it('should keep slashes inside the access key, as MinIO allows', () => {
    expect(parseAuthorization(header('team/AK/20261123/us-east-1/sts/aws4_request')).accessKey).toBe('team/AK');
  });

  it('should lower-case signed header names', () => {
    expect(parseAuthorization(header(CREDENTIAL, 'Host;X-Amz-Date')).signedHeaders).toEqual(['host', 'x-amz-date']);
  });

  it('should read the SDK form exactly as the general parser does (the one-regex shortcut agrees)', () => {
    // A trailing space takes the general path; the answer, or the error, must be the same.
    const outcome = (value: string) => {
      try {
        return parseAuthorization(value);
      } catch (error) {
        return (error as StsError).message;
      }
    };
    const part = fc.stringMatching(/^[A-Za-z0-9/=;._-]{0,30}$/);
    const credentials = fc.oneof(part, part.map((key) => `${key}/20261202/us-east-1/sts/aws4_request`));
    const signatures = fc.oneof(part, fc.constant(SIGNATURE));
    fc.assert(fc.property(credentials, part, signatures, fc.boolean(), (credential, signedHeaders, signature, spaced) => {
      const value = `AWS4-HMAC-SHA256 Credential=${credential},${spaced ? ' ' : ''}SignedHeaders=${signedHeaders}, Signature=${signature}`;
      expect(outcome(value)).toEqual(outcome(`${value} `));
    }), { numRuns: 300 });
    expect(outcome(header())).toEqual(outcome(`${header()} `));
  });
});

describe(`${parseAuthorization.name}: scopes and header lists parsed before`, () => {
  it('answers a repeated header with the same scope and one frozen signed-header list', () => {
    const first = parseAuthorization(header(CREDENTIAL, 'host;x-amz-date;x-amz-security-token'));
    const again = parseAuthorization(header(CREDENTIAL, 'host;x-amz-date;x-amz-security-token'));
    expect(again).toEqual(first);
    expect(again.signedHeaders).toBe(first.signedHeaders);
    expect(Object.isFrozen(again.signedHeaders)).toBe(true);
  });

  it('refuses an invalid scope or list every time it is sent (nothing invalid is kept)', () => {
    for (let i = 0; i < 3; i++) {
      expect(() => parseAuthorization(header('AK/20151340/us-east-1/sts/aws4_request'))).toThrow('valid date');
      expect(() => parseAuthorization(header(CREDENTIAL, 'host;host'))).toThrow('distinct header names');
    }
  });

  it('parses texts longer than it keeps, and keeps parsing right past its bound', () => {
    const longKey = 'K'.repeat(600);
    expect(parseAuthorization(header(`${longKey}/20150830/us-east-1/sts/aws4_request`)).accessKey).toBe(longKey);
    for (let i = 0; i < 1100; i++) {
      expect(parseAuthorization(header(`AK${i}/20150830/eu-west-${i}/sts/aws4_request`, `host;x-${i}`))).toMatchObject({
        accessKey: `AK${i}`, region: `eu-west-${i}`, signedHeaders: ['host', `x-${i}`],
      });
    }
  });
});

describe(`${parseAuthorization.name} with malformed input`, () => {
  const unsupported = [
    ['empty', ''],
    ['blank', '   '],
    ['another scheme', 'Bearer eyJhbGciOiJSUzI1NiJ9'],
    ['SigV2', 'AWS AKIDEXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg='],
    ['another algorithm', header().replace('SHA256', 'SHA512')],
    ['SigV4a', header().replace('AWS4-HMAC-SHA256', 'AWS4-ECDSA-P256-SHA256')],
    ['a longer algorithm name', header().replace('SHA256', 'SHA2560')],
    ['the algorithm in lower case', header().toLowerCase()],
  ];
  const incomplete = [
    ['the algorithm alone', 'AWS4-HMAC-SHA256'],
    ['a comma after the algorithm', header().replace('SHA256 ', 'SHA256,')],
    ['no Credential', `AWS4-HMAC-SHA256 SignedHeaders=host, Signature=${SIGNATURE}`],
    ['no SignedHeaders', `AWS4-HMAC-SHA256 Credential=${CREDENTIAL}, Signature=${SIGNATURE}`],
    ['no Signature', `AWS4-HMAC-SHA256 Credential=${CREDENTIAL}, SignedHeaders=host`],
    ['a parameter without =', `${header()}, Signature`],
    ['a repeated parameter', `${header()}, Signature=${SIGNATURE}`],
    ['an unknown parameter', `${header()}, Region=us-east-1`],
    ['a short credential', header('AKIDEXAMPLE/20150830/sts/aws4_request')],
    ['an empty access key', header('/20150830/us-east-1/sts/aws4_request')],
    ['an empty service', header('AK/20150830/us-east-1//aws4_request')],
    ['an impossible scope date', header('AK/20151340/us-east-1/sts/aws4_request')],
    ['a non-numeric scope date', header('AK/2015083x/us-east-1/sts/aws4_request')],
    ['a wrong terminator', header('AK/20150830/us-east-1/sts/aws4_reques')],
    ['empty SignedHeaders', header(CREDENTIAL, '')],
    ['an empty signed header name', header(CREDENTIAL, 'host;;x-amz-date')],
    ['a repeated signed header', header(CREDENTIAL, 'host;Host')],
    ['a space in a signed header name', header(CREDENTIAL, 'host;x amz')],
    ['a short signature', header(CREDENTIAL, 'host', SIGNATURE.slice(1))],
    ['a long signature', header(CREDENTIAL, 'host', `${SIGNATURE}0`)],
    ['a signature that is not hex', header(CREDENTIAL, 'host', `${SIGNATURE.slice(1)}g`)],
    ['an upper-case signature', header(CREDENTIAL, 'host', SIGNATURE.toUpperCase())],
    ['an empty signature', header(CREDENTIAL, 'host', '')],
    ['a huge value', `AWS4-HMAC-SHA256 ${'Credential=a/'.repeat(100_000)}`],
    ['a huge SignedHeaders list', header(CREDENTIAL, Array.from({ length: 5000 }, (_, i) => `h${i}`).join(';'))],
  ];

  it.each(unsupported)('should refuse %s as an unsupported Authorization type (AccessDenied)', (_, value) => {
    expect(() => parseAuthorization(value)).toThrow(expect.objectContaining({ code: 'AccessDenied' }));
  });

  it.each(incomplete)('should refuse %s with IncompleteSignature', (_, value) => {
    expect(() => parseAuthorization(value)).toThrow(expect.objectContaining({ code: 'IncompleteSignature' }));
  });

  it('should name the missing parameter the way AWS does', () => {
    expect(() => parseAuthorization(`AWS4-HMAC-SHA256 Credential=${CREDENTIAL}, SignedHeaders=host`))
      .toThrow("Authorization header requires 'Signature' parameter.");
  });

  it('should only ever throw StsError, whatever the input', () => {
    const samples = [...unsupported, ...incomplete].map(([, value]) => value);
    for (const value of [...samples, '\u0000', 'AWS4-HMAC-SHA256 \ud800=\udfff', 'AWS4-HMAC-SHA256 ,,,,', 'AWS4-HMAC-SHA256 ===']) {
      expect(() => parseAuthorization(value)).toThrow(StsError);
    }
  });
});
