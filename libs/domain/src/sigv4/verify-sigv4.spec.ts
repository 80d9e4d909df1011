import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { SignedRequest } from '#contracts';
import { canonicalRequest, credentialScope, deriveSigningKey, stringToSign, verifySigV4, type SigV4Policy } from './index.js';

const SECRET = 'minio-secret-key-change-me';
const NOW = new Date('2026-11-23T10:00:00Z');
const AMZ_DATE = '20261123T100000Z';
const BODY_SHA256 = 'c8b2b2b2d2a0d3ed8e8b7a2c7e6d9e3a6c9f6f4c1e2d3b4a5968778695a4b3c2';
const policy: SigV4Policy = { now: NOW, service: 'sts' };

interface SignSpec { headers: [string, string][]; signed: string[]; scopeDate?: string; timestamp?: string }

/** Signs with this module's own primitives (the suite specs pin those to AWS's answers). */
function signed({ headers, signed: names, scopeDate = '20261123', timestamp = AMZ_DATE }: SignSpec): SignedRequest {
  const req: SignedRequest = { method: 'POST', path: '/', query: '', headers, payloadHash: BODY_SHA256 };
  const scope = credentialScope(scopeDate, 'us-east-1', 'sts');
  const toSign = stringToSign(timestamp, scope, canonicalRequest(req, names, { normalizePath: true }));
  const signature = createHmac('sha256', deriveSigningKey(SECRET, scopeDate, 'us-east-1', 'sts')).update(toSign).digest('hex');
  const authorization = `AWS4-HMAC-SHA256 Credential=AK/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return { ...req, headers: [...headers, ['Authorization', authorization]] };
}

const HOST: [string, string] = ['Host', '127.0.0.1:9000'];
const DATE: [string, string] = ['X-Amz-Date', AMZ_DATE];
const refusedWith = (code: string) => expect.objectContaining({ code });

describe(verifySigV4.name, () => {
  it('should accept a request signed over host and x-amz-date', () => {
    expect(verifySigV4(signed({ headers: [HOST, DATE], signed: ['host', 'x-amz-date'] }), SECRET, policy).accessKey).toBe('AK');
  });

  it('should refuse a request without Authorization as AccessDenied', () => {
    const req: SignedRequest = { method: 'POST', path: '/', query: '', headers: [HOST, DATE], payloadHash: BODY_SHA256 };
    expect(() => verifySigV4(req, SECRET, policy)).toThrow(refusedWith('AccessDenied'));
  });

  it('should refuse two Authorization headers', () => {
    const req = signed({ headers: [HOST, DATE], signed: ['host', 'x-amz-date'] });
    const twice = { ...req, headers: [...req.headers, req.headers.at(-1)!] };
    expect(() => verifySigV4(twice, SECRET, policy)).toThrow(refusedWith('IncompleteSignature'));
  });

  it('should refuse a signature that does not cover host', () => {
    const req = signed({ headers: [HOST, DATE], signed: ['x-amz-date'] });
    expect(() => verifySigV4(req, SECRET, policy)).toThrow("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  });

  it('should refuse a signed header that the request no longer carries', () => {
    const req = signed({ headers: [HOST, DATE, ['Content-Type', 'application/x-www-form-urlencoded']], signed: ['content-type', 'host', 'x-amz-date'] });
    const stripped = { ...req, headers: req.headers.filter(([name]) => name !== 'Content-Type') };
    expect(() => verifySigV4(stripped, SECRET, policy)).toThrow(refusedWith('IncompleteSignature'));
  });

  it('should refuse an unsigned x-amz-date', () => {
    expect(() => verifySigV4(signed({ headers: [HOST, DATE], signed: ['host'] }), SECRET, policy))
      .toThrow("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
  });

  it('should refuse a request with neither X-Amz-Date nor Date', () => {
    expect(() => verifySigV4(signed({ headers: [HOST], signed: ['host'] }), SECRET, policy)).toThrow(refusedWith('IncompleteSignature'));
  });

  it.each(['2026-11-23T10:00:00Z', '20261123T250000Z', '20261123T100000', `${AMZ_DATE},${AMZ_DATE}`])(
    'should refuse the unparseable X-Amz-Date %j with IncompleteSignature', (value) => {
      const req = signed({ headers: [HOST, ['X-Amz-Date', value]], signed: ['host', 'x-amz-date'], timestamp: value });
      expect(() => verifySigV4(req, SECRET, policy)).toThrow(refusedWith('IncompleteSignature'));
    });

  it.each([['an IMF-fixdate', 'Mon, 23 Nov 2026 10:00:00 GMT'], ['the basic format MinIO expects', AMZ_DATE]])(
    'should fall back to a Date header in %s', (_, value) => {
      const req = signed({ headers: [HOST, ['Date', value]], signed: ['date', 'host'] });
      expect(verifySigV4(req, SECRET, policy).signedHeaders).toEqual(['date', 'host']);
    });

  it('should refuse a Date header with the wrong weekday', () => {
    const req = signed({ headers: [HOST, ['Date', 'Sun, 23 Nov 2026 10:00:00 GMT']], signed: ['date', 'host'] });
    expect(() => verifySigV4(req, SECRET, policy)).toThrow(refusedWith('IncompleteSignature'));
  });

  it('should refuse a credential scope dated another day than X-Amz-Date', () => {
    const req = signed({ headers: [HOST, DATE], signed: ['host', 'x-amz-date'], scopeDate: '20261122' });
    expect(() => verifySigV4(req, SECRET, policy)).toThrow(refusedWith('SignatureDoesNotMatch'));
  });

  it('should ignore an x-amz-content-sha256 that is not a digest', () => {
    const req = signed({ headers: [HOST, DATE, ['X-Amz-Content-Sha256', 'UNSIGNED-PAYLOAD']], signed: ['host', 'x-amz-content-sha256', 'x-amz-date'] });
    expect(verifySigV4(req, SECRET, policy).service).toBe('sts');
  });

  it('should accept the body digest in upper-case hex', () => {
    const req = signed({ headers: [HOST, DATE, ['X-Amz-Content-Sha256', BODY_SHA256.toUpperCase()]], signed: ['host', 'x-amz-date'] });
    expect(verifySigV4(req, SECRET, policy).service).toBe('sts');
  });

  it('should word the skew error with a configured window', () => {
    const req = signed({ headers: [HOST, DATE], signed: ['host', 'x-amz-date'] });
    const later = { ...policy, now: new Date(NOW.getTime() + 6 * 60_000), maxSkewMs: 5 * 60_000 };
    expect(() => verifySigV4(req, SECRET, later))
      .toThrow('Signature expired: 20261123T100000Z is now earlier than 20261123T100100Z (20261123T100600Z - 5 min.)');
  });
});
