import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '../testing/sdk-signer.js';
import { deriveSigningKey, HmacSha256Key, signSigV4, verifySigV4 } from './index.js';

const NOW = new Date('2026-11-23T10:00:00Z');
const BODY = '{"secretKey":"abcdefgh"}';
const signing = { accessKey: 'root', secretKey: 'rootsecret', region: 'us-east-1', service: 's3', now: NOW };
const request = { method: 'PUT', host: '127.0.0.1:9000', path: '/minio/admin/v3/add-user', query: 'accessKey=alice', body: BODY };

describe(signSigV4.name, () => {
  it('produces the signature the AWS SDK signer produces for the same request', async () => {
    const ours = signSigV4(request, signing);
    const sdk = await new SignatureV4({ service: 's3', region: 'us-east-1', credentials: { accessKeyId: 'root', secretAccessKey: 'rootsecret' }, sha256: NodeSha256, uriEscapePath: false })
      .sign({ method: 'PUT', protocol: 'http:', hostname: '127.0.0.1', port: 9000, path: request.path, query: { accessKey: 'alice' },
        headers: { host: request.host, 'x-amz-content-sha256': ours['x-amz-content-sha256'] }, body: BODY }, { signingDate: NOW });
    expect(ours.authorization).toBe(sdk.headers.authorization);
  });

  it('is accepted by the verifier, with or without a session token', () => {
    for (const sessionToken of [undefined, 'tok']) {
      const headers = signSigV4(request, { ...signing, sessionToken });
      const signed = { method: 'PUT', path: request.path, query: request.query, headers: Object.entries(headers), payloadHash: createHash('sha256').update(BODY).digest('hex') };
      expect(verifySigV4(signed, 'rootsecret', { now: NOW, service: 's3' }).accessKey).toBe('root');
    }
  });

  it('signs with a signing key the caller keeps as with the one it derives, the same key again and again', () => {
    const derived = signSigV4(request, signing);
    const key = new HmacSha256Key(deriveSigningKey('rootsecret', '20261123', 'us-east-1', 's3'));
    expect(signSigV4(request, { ...signing, signingKey: key }).authorization).toBe(derived.authorization);
    expect(signSigV4({ ...request, query: 'accessKey=bob' }, { ...signing, signingKey: key }).authorization)
      .toBe(signSigV4({ ...request, query: 'accessKey=bob' }, signing).authorization);
  });
});
