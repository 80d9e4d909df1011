import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SignedRequest } from '#contracts';
import { NodeSha256 } from '../testing/sdk-signer.js';
import { verifySigV4, type SigV4Policy } from './index.js';

const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const SIGNED_AT = new Date('2026-11-23T10:00:00Z');
const BODY = 'Action=AssumeRole&Version=2011-06-15&DurationSeconds=900';
const sha256 = (body: string): string => createHash('sha256').update(body).digest('hex');

interface SignOptions { region?: string; service?: string; sessionToken?: string; applyChecksum?: boolean }

/** An STS AssumeRole POST signed by the AWS SDK's own signer, as our gateway would receive it. */
async function signedAssumeRole(opts: SignOptions = {}): Promise<SignedRequest> {
  const signer = new SignatureV4({
    service: opts.service ?? 'sts',
    region: opts.region ?? 'us-east-1',
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET, sessionToken: opts.sessionToken },
    sha256: NodeSha256,
    applyChecksum: opts.applyChecksum,
  });
  const signed = await signer.sign({
    method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: 9000, path: '/', query: {},
    headers: { host: '127.0.0.1:9000', 'content-type': 'application/x-www-form-urlencoded' },
    body: BODY,
  }, { signingDate: SIGNED_AT });
  return { method: 'POST', path: '/', query: '', headers: Object.entries(signed.headers), payloadHash: sha256(BODY) };
}

const policy = (overrides: Partial<SigV4Policy> = {}): SigV4Policy =>
  ({ now: SIGNED_AT, service: 'sts', region: 'us-east-1', ...overrides });
const minutes = (n: number): Date => new Date(SIGNED_AT.getTime() + n * 60_000);
const refusedWith = (code: string, message?: string) =>
  expect.objectContaining(message === undefined ? { code } : { code, message });

describe(`${verifySigV4.name} against @smithy/signature-v4`, () => {
  it('should accept an SDK-signed AssumeRole and return its credential scope', async () => {
    const auth = verifySigV4(await signedAssumeRole(), SECRET, policy());
    expect(auth).toMatchObject({ accessKey: ACCESS_KEY, date: '20261123', region: 'us-east-1', service: 'sts' });
    expect(auth.signedHeaders).toEqual(expect.arrayContaining(['host', 'content-type', 'x-amz-date', 'x-amz-content-sha256']));
  });

  it('should accept a request whose session token is signed', async () => {
    const req = await signedAssumeRole({ sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN+/=' });
    expect(verifySigV4(req, SECRET, policy()).signedHeaders).toContain('x-amz-security-token');
  });

  it('should accept a session token appended after signing', async () => {
    const req = await signedAssumeRole();
    const late: SignedRequest = { ...req, headers: [...req.headers, ['X-Amz-Security-Token', 'appended-later']] };
    expect(verifySigV4(late, SECRET, policy()).signedHeaders).not.toContain('x-amz-security-token');
  });

  it('should refuse the wrong secret', async () => {
    const req = await signedAssumeRole();
    expect(() => verifySigV4(req, `${SECRET}x`, policy())).toThrow(refusedWith('SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.'));
  });

  it('should refuse a tampered body through the declared content digest', async () => {
    const req = { ...(await signedAssumeRole()), payloadHash: sha256(`${BODY}0`) };
    expect(() => verifySigV4(req, SECRET, policy())).toThrow(refusedWith('SignatureDoesNotMatch',
      "The provided 'x-amz-content-sha256' header does not match what was computed."));
  });

  it('should refuse a tampered body through the signature when no digest header is sent', async () => {
    const req = { ...(await signedAssumeRole({ applyChecksum: false })), payloadHash: sha256(`${BODY}0`) };
    expect(req.headers.some(([name]) => name === 'x-amz-content-sha256')).toBe(false);
    expect(() => verifySigV4(req, SECRET, policy())).toThrow(refusedWith('SignatureDoesNotMatch'));
  });

  it('should accept 14 minutes of clock skew either way', async () => {
    const req = await signedAssumeRole();
    expect(verifySigV4(req, SECRET, policy({ now: minutes(14) })).service).toBe('sts');
    expect(verifySigV4(req, SECRET, policy({ now: minutes(-14) })).service).toBe('sts');
  });

  it('should refuse 16 minutes of clock skew with the AWS wording', async () => {
    const req = await signedAssumeRole();
    expect(() => verifySigV4(req, SECRET, policy({ now: minutes(16) }))).toThrow(refusedWith('SignatureDoesNotMatch',
      'Signature expired: 20261123T100000Z is now earlier than 20261123T100100Z (20261123T101600Z - 15 min.)'));
    expect(() => verifySigV4(req, SECRET, policy({ now: minutes(-16) }))).toThrow(refusedWith('SignatureDoesNotMatch',
      'Signature not yet current: 20261123T100000Z is still later than 20261123T095900Z (20261123T094400Z + 15 min.)'));
  });

  it('should refuse a request signed for another service with MinIO wording', async () => {
    const req = await signedAssumeRole({ service: 's3' });
    expect(() => verifySigV4(req, SECRET, policy())).toThrow(refusedWith('SignatureDoesNotMatch',
      'Error parsing the Credential parameter; incorrect service. This endpoint belongs to "sts".'));
  });

  it.each(['eu-west-1', '', 'US'])('should accept region %j when no server region is set', async (region) => {
    const req = await signedAssumeRole({ region });
    expect(verifySigV4(req, SECRET, policy({ region: undefined })).region).toBe(region);
  });

  it('should treat US as us-east-1 on either side', async () => {
    expect(verifySigV4(await signedAssumeRole({ region: 'US' }), SECRET, policy()).region).toBe('US');
    expect(verifySigV4(await signedAssumeRole(), SECRET, policy({ region: 'US' })).region).toBe('us-east-1');
  });

  it.each(['eu-west-1', ''])('should refuse region %j when the server region is us-east-1', async (region) => {
    const req = await signedAssumeRole({ region });
    expect(() => verifySigV4(req, SECRET, policy())).toThrow(refusedWith('SignatureDoesNotMatch',
      "The authorization header is malformed; the region is wrong; expecting 'us-east-1'."));
  });
});
