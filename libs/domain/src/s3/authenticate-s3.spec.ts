import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '../testing/sdk-signer.js';
import { authenticateS3, type S3SignedRequest, type S3Signer, type S3SignerDirectory } from './authenticate-s3.js';
import type { S3Principal } from './s3-principal.js';

const NOW = new Date('2026-12-01T12:00:00Z');
const clock = { now: () => NOW.getTime() };
const TOKEN = 'header.payload.signature';
const principal = (accessKey: string): S3Principal => ({ accessKey, parent: 'alice', provider: 'builtin', owner: false, identityPolicies: [], identityContext: {} });
const temporary: S3Signer = {
  secretKey: 'temporary-secret-key', principal: principal('TEMPKEY0000000000001'), expiresAt: NOW.getTime() + 3600_000,
  sessionTokenSha256: createHash('sha256').update(TOKEN).digest('hex'), enabled: true,
};
const user: S3Signer = { secretKey: 'alice-secret-key', principal: principal('alice'), enabled: true };

const directory: S3SignerDirectory = {
  temporary: async (accessKey, token) => (accessKey === 'TEMPKEY0000000000001' ? temporary : null) && (token ? temporary : null),
  longTerm: async (accessKey) => (accessKey === 'alice' ? user : accessKey === 'TEMPKEY0000000000001' ? 'temporary' : null),
};

const signer = (accessKeyId: string, secretAccessKey: string, sessionToken?: string) =>
  new SignatureV4({ service: 's3', region: 'us-east-1', credentials: { accessKeyId, secretAccessKey, sessionToken }, sha256: NodeSha256, uriEscapePath: false });

async function headerSigned(keys: [string, string, string?], extra: Record<string, string> = {}, path = '/bucket/key%20one'): Promise<S3SignedRequest> {
  const signed = await signer(...keys).sign({
    method: 'GET', protocol: 'http:', hostname: '127.0.0.1', port: 9000, path, query: { prefix: 'a/' },
    headers: { host: '127.0.0.1:9000', 'x-amz-content-sha256': createHash('sha256').digest('hex'), ...extra },
  }, { signingDate: NOW });
  return { method: 'GET', path, rawQuery: 'prefix=a%2F', headers: Object.entries(signed.headers) };
}

async function presigned(keys: [string, string, string?], expiresIn: number, signedAt = NOW): Promise<S3SignedRequest> {
  const url = await signer(...keys).presign({
    method: 'GET', protocol: 'http:', hostname: '127.0.0.1', port: 9000, path: '/bucket/key', query: {},
    // As @aws-sdk/s3-request-presigner does: the payload is not signed (hoisted into X-Amz-Content-Sha256).
    headers: { host: '127.0.0.1:9000', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
  }, { signingDate: signedAt, expiresIn });
  const rawQuery = Object.entries(url.query ?? {}).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
  return { method: 'GET', path: '/bucket/key', rawQuery, headers: [['host', '127.0.0.1:9000']] };
}

const fails = (promise: Promise<unknown>, code: string) => expect(promise).rejects.toMatchObject({ code });

describe(authenticateS3.name, () => {
  it('accepts a temporary credential with its session token (smithy as the independent signer)', async () => {
    const auth = await authenticateS3(await headerSigned(['TEMPKEY0000000000001', temporary.secretKey, TOKEN]), directory, clock, 'us-east-1');
    expect(auth.principal.accessKey).toBe('TEMPKEY0000000000001');
    expect(auth.presigned).toBe(false);
  });

  it('accepts a builtin user signing with its long-term key', async () => {
    expect((await authenticateS3(await headerSigned(['alice', user.secretKey]), directory, clock, undefined)).principal.accessKey).toBe('alice');
  });

  it('answers a temporary key without its token InvalidTokenId, and an unknown key InvalidAccessKeyId', async () => {
    await fails(authenticateS3(await headerSigned(['TEMPKEY0000000000001', temporary.secretKey]), directory, clock, undefined), 'InvalidTokenId');
    await fails(authenticateS3(await headerSigned(['NOBODY', 'whatever-secret']), directory, clock, undefined), 'InvalidAccessKeyId');
  });

  it('answers a wrong session token InvalidTokenId', async () => {
    await fails(authenticateS3(await headerSigned(['TEMPKEY0000000000001', temporary.secretKey, `${TOKEN}x`]), directory, clock, undefined), 'InvalidTokenId');
  });

  it('still refuses a wrong token after the right one was accepted (the kept token is compared, not trusted)', async () => {
    await authenticateS3(await headerSigned(['TEMPKEY0000000000001', temporary.secretKey, TOKEN]), directory, clock, undefined);
    const sameLength = `${TOKEN.slice(0, -1)}X`;
    await fails(authenticateS3(await headerSigned(['TEMPKEY0000000000001', temporary.secretKey, sameLength]), directory, clock, undefined), 'InvalidTokenId');
  });

  it('answers an expired temporary credential InvalidAccessKeyId', async () => {
    const later = { now: () => NOW.getTime() + 7200_000 };
    await fails(authenticateS3(await headerSigned(['TEMPKEY0000000000001', temporary.secretKey, TOKEN]), directory, later, undefined), 'InvalidAccessKeyId');
  });

  it('refuses a signature made with another secret, and an anonymous call', async () => {
    await fails(authenticateS3(await headerSigned(['alice', 'not-alice-secret']), directory, clock, undefined), 'SignatureDoesNotMatch');
    await fails(authenticateS3({ method: 'GET', path: '/', rawQuery: '', headers: [['host', 'x']] }, directory, clock, undefined), 'AccessDenied');
  });

  it('keeps the declared payload hash and the chunk-signing seed of a streaming upload', async () => {
    const auth = await authenticateS3(await headerSigned(['alice', user.secretKey], { 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' }), directory, clock, undefined);
    expect(auth.payloadHash).toBe('STREAMING-AWS4-HMAC-SHA256-PAYLOAD');
    expect(auth.chunkSigning?.scope).toBe('20261201/us-east-1/s3/aws4_request');
  });

  it('refuses a payload hash that is no SigV4 value', async () => {
    await fails(authenticateS3(await headerSigned(['alice', user.secretKey], { 'x-amz-content-sha256': 'abc' }), directory, clock, undefined), 'InvalidArgument');
  });

  describe('presigned URLs', () => {
    it('accepts a URL within its lifetime, with the token in the query', async () => {
      const auth = await authenticateS3(await presigned(['TEMPKEY0000000000001', temporary.secretKey, TOKEN], 600), directory, clock, undefined);
      expect(auth).toMatchObject({ presigned: true, payloadHash: 'UNSIGNED-PAYLOAD' });
    });

    it('refuses an expired URL with AccessDenied', async () => {
      await fails(authenticateS3(await presigned(['alice', user.secretKey], 60, new Date(NOW.getTime() - 120_000)), directory, clock, undefined), 'AccessDenied');
    });

    it('refuses X-Amz-Expires beyond seven days', async () => {
      const req = await presigned(['alice', user.secretKey], 60);
      const tooLong = { ...req, rawQuery: req.rawQuery.replace('X-Amz-Expires=60', 'X-Amz-Expires=604801') };
      await fails(authenticateS3(tooLong, directory, clock, undefined), 'IncompleteSignature');
    });

    it('verifies every URL against its own signer and secret once signing keys are kept beside the signers', async () => {
      for (let i = 0; i < 2; i++) {
        expect((await authenticateS3(await presigned(['alice', user.secretKey], 60), directory, clock, undefined)).principal.accessKey).toBe('alice');
        expect((await authenticateS3(await presigned(['TEMPKEY0000000000001', temporary.secretKey, TOKEN], 60), directory, clock, undefined)).principal.accessKey).toBe('TEMPKEY0000000000001');
        await fails(authenticateS3(await presigned(['alice', temporary.secretKey], 60), directory, clock, undefined), 'SignatureDoesNotMatch');
      }
    });

    it('refuses a URL signed on another day with the same key, the kept signing key being the one of the day signed', async () => {
      await authenticateS3(await presigned(['alice', user.secretKey], 60), directory, clock, undefined);
      const nextDay = new Date(NOW.getTime() + 86_400_000);
      const req = await presigned(['alice', user.secretKey], 60, nextDay);
      expect((await authenticateS3(req, directory, { now: () => nextDay.getTime() }, undefined)).principal.accessKey).toBe('alice');
      const forged = { ...req, rawQuery: req.rawQuery.replace(/X-Amz-Date=\d{8}/, 'X-Amz-Date=20261201').replace(/%2F\d{8}%2F/, '%2F20261201%2F') };
      await fails(authenticateS3(forged, directory, clock, undefined), 'SignatureDoesNotMatch');
    });

    it('refuses a URL whose query was changed after signing', async () => {
      const req = await presigned(['alice', user.secretKey], 60);
      await fails(authenticateS3({ ...req, path: '/bucket/other' }, directory, clock, undefined), 'SignatureDoesNotMatch');
    });
  });
});
