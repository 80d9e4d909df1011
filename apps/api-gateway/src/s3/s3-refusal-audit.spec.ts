import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from '@jest/globals';
import type { AuditPublisher, AuditRecord } from '#infra-nats';
import { claimedS3Identity, S3RefusalAudit } from './s3-refusal-audit.js';

const request = (url: string, headers: Record<string, string> = {}, method = 'GET') => ({ url, method, headers }) as unknown as IncomingMessage;
const signedBy = (accessKey: string) => ({ authorization: `AWS4-HMAC-SHA256 Credential=${accessKey}/20261201/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=${'a'.repeat(64)}` });

function audited() {
  const lines: AuditRecord[] = [];
  const publisher = { recordBestEffort: async (record: AuditRecord) => void lines.push(record) } as unknown as AuditPublisher;
  return { sut: new S3RefusalAudit(publisher), lines };
}

describe(S3RefusalAudit.name, () => {
  it('coalesces alike refusals of a window into one line with their count', () => {
    const { sut, lines } = audited();
    for (let i = 0; i < 3; i++) sut.note('SignatureDoesNotMatch', `req-${i}`, request('/b/k', signedBy('ALICEKEY')), '10.0.0.1');
    sut.note('SignatureDoesNotMatch', 'req-9', request('/b/k', signedBy('BOBKEY')), '10.0.0.1');
    sut.flush();
    expect(lines).toEqual([
      expect.objectContaining({ action: 's3:GET', outcome: 'refused', errorCode: 'SignatureDoesNotMatch', claimedIdentity: 'ALICEKEY', sourceIp: '10.0.0.1', requestId: 'req-0', count: 3 }),
      expect.objectContaining({ claimedIdentity: 'BOBKEY', count: 1 }),
    ]);
    sut.onApplicationShutdown();
  });

  it('audits refusals of identity and access only, not the backend or bad input', () => {
    const { sut, lines } = audited();
    for (const code of ['NoSuchKey', 'InvalidBucketName', 'ServiceUnavailable', 'NotImplemented']) sut.note(code, 'r', request('/b'), '10.0.0.1');
    sut.flush();
    expect(lines).toEqual([]);
    sut.onApplicationShutdown();
  });
});

describe(claimedS3Identity.name, () => {
  it('reads the access key from the Authorization header or a presigned URL, never more', () => {
    expect(claimedS3Identity(request('/b', signedBy('ALICEKEY')))).toBe('ALICEKEY');
    expect(claimedS3Identity(request('/b/k?X-Amz-Credential=BOBKEY%2F20261201%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=x'))).toBe('BOBKEY');
    expect(claimedS3Identity(request('/b', { authorization: 'garbage' }))).toBeUndefined();
    expect(claimedS3Identity(request('/b'))).toBeUndefined();
  });
});
