import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteObjectCommand, GetObjectCommand,
  HeadObjectCommand, ListBucketsCommand, ListObjectsV2Command, PutObjectCommand, S3Client, UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Crc32c, Crc64Nvme } from '#domain';
import { keysOf } from './support/ldap-http.js';
import { chunkedPut, s3Client, s3ErrorOf, signedS3Request } from './support/s3.js';
import { startStack, TEST_ROOT_PASSWORD, TEST_ROOT_USER, waitFor, type Stack } from './support/stack.js';
import { signedFormPost, type HttpReply, type Keys } from './support/sts-http.js';

/**
 * S3 wire formats beyond the basics: virtual-host addressing (MINIO_DOMAIN) with a real client,
 * payload checksums (CRC32C, CRC64NVME; headers, unsigned and signed trailers) verified as S3 does,
 * and S3 refusals in the audit trail.
 */
const ROOT: Keys = { accessKeyId: TEST_ROOT_USER, secretAccessKey: TEST_ROOT_PASSWORD };
const DOMAIN = 's3.sts.test';
let stack: Stack;
let gateway: string;
let dir: string;
let keys: Keys;

/** Every name under the test domain is this machine: `<bucket>.s3.sts.test` reaches the gateway. */
const loopback: LookupFunction = (_hostname, options, callback) => {
  if (options.all) (callback as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};

function virtualHostClient(credentials: Keys): S3Client {
  const port = new URL(gateway).port;
  return new S3Client({
    endpoint: `http://${DOMAIN}:${port}`, region: 'us-east-1', forcePathStyle: false, credentials, maxAttempts: 1,
    requestHandler: { httpAgent: new Agent({ lookup: loopback }) },
  });
}

/** A plain HTTP request to a virtual-host URL, through the loopback lookup. */
function fetchVirtualHost(url: string, method = 'GET', body?: Buffer): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, lookup: loopback, headers: body ? { 'content-length': String(body.length) } : {} }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk)).on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: new Headers(res.headers as Record<string, string>), body: Buffer.concat(parts).toString('utf8') }));
    });
    req.on('error', reject).end(body);
  });
}

/** What the client put on the wire (host, headers), recorded after signing. */
function recorded(client: S3Client): Array<{ hostname: string; headers: Record<string, string> }> {
  const sent: Array<{ hostname: string; headers: Record<string, string> }> = [];
  client.middlewareStack.add((next) => async (args) => {
    const { hostname, headers } = args.request as { hostname: string; headers: Record<string, string> };
    sent.push({ hostname, headers: { ...headers } });
    return next(args);
  }, { step: 'finalizeRequest', priority: 'low' });
  return sent;
}

const text = async (client: S3Client, Bucket: string, Key: string) => (await client.send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToString();
const exists = (Key: string) => s3Client(gateway, ROOT).send(new HeadObjectCommand({ Bucket: 'sums', Key })).then(() => true, () => false);
const base64 = (sum: Crc32c | Crc64Nvme) => sum.digest().toString('base64');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sts-s3-wire-'));
  stack = await startStack({ s3: true, env: { MINIO_DOMAIN: DOMAIN, STS_AUDIT_OUTPUT: join(dir, 'audit.jsonl') } });
  gateway = stack.gateways[0];
  const reply = await signedFormPost(gateway, ROOT, 'Action=AssumeRole&Version=2011-06-15&DurationSeconds=900');
  keys = keysOf(reply.body);
  await s3Client(gateway, ROOT).send(new CreateBucketCommand({ Bucket: 'sums' }));
}, 90_000);

afterAll(async () => {
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('S3 refusals in the audit trail', () => {
  it('alike refusals become a line with their count, naming the claimed key and never a secret', async () => {
    const forged = { ...keys, secretAccessKey: `${keys.secretAccessKey}x` };
    for (let i = 0; i < 3; i++) expect((await signedS3Request(gateway, forged, 'GET', '/sums/audited')).status).toBe(403);
    const file = join(dir, 'audit.jsonl');
    const refusals = () => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) : [])
      .filter((line) => line.action === 's3:GET' && line.errorCode === 'SignatureDoesNotMatch' && line.claimedIdentity === keys.accessKeyId);
    await waitFor(async () => refusals().reduce((n, line) => n + Number(line.count), 0) === 3, 10_000, 'three refusals audited');
    expect(refusals()[0]).toMatchObject({ outcome: 'refused', sourceIp: '127.0.0.1' });
    expect(readFileSync(file, 'utf8')).not.toContain(keys.secretAccessKey);
  });
});

describe('virtual-host style (MINIO_DOMAIN) with @aws-sdk/client-s3', () => {
  it('creates a bucket, puts, gets and lists through <bucket>.<domain>, and path style still works', async () => {
    const client = virtualHostClient(keys);
    const sent = recorded(client);
    await client.send(new CreateBucketCommand({ Bucket: 'vhost' }));
    await client.send(new PutObjectCommand({ Bucket: 'vhost', Key: 'dir/a.txt', Body: 'virtual host' }));
    expect(await text(client, 'vhost', 'dir/a.txt')).toBe('virtual host');
    const listed = await client.send(new ListObjectsV2Command({ Bucket: 'vhost', Prefix: 'dir/' }));
    expect(listed.Contents!.map((o) => o.Key)).toEqual(['dir/a.txt']);
    expect((await client.send(new ListBucketsCommand({}))).Buckets!.map((b) => b.Name)).toEqual(expect.arrayContaining(['vhost', 'sums']));
    expect(await text(s3Client(gateway, keys), 'vhost', 'dir/a.txt')).toBe('virtual host');
    await client.send(new DeleteObjectCommand({ Bucket: 'vhost', Key: 'dir/a.txt' }));
    expect(sent.map((r) => r.hostname)).toEqual([`vhost.${DOMAIN}`, `vhost.${DOMAIN}`, `vhost.${DOMAIN}`, `vhost.${DOMAIN}`, DOMAIN, `vhost.${DOMAIN}`]);
  });

  it('presigned PUT and GET URLs on the bucket host', async () => {
    const client = virtualHostClient(keys);
    const put = await getSignedUrl(client, new PutObjectCommand({ Bucket: 'vhost', Key: 'signed.txt', Body: 'presigned body' }), { expiresIn: 300 });
    expect(new URL(put).hostname).toBe(`vhost.${DOMAIN}`);
    expect((await fetchVirtualHost(put, 'PUT', Buffer.from('presigned body'))).status).toBe(200);
    const get = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'vhost', Key: 'signed.txt' }), { expiresIn: 300 });
    expect(await fetchVirtualHost(get)).toMatchObject({ status: 200, body: 'presigned body' });
    const tampered = get.replace('signed.txt', 'other.txt');
    expect(s3ErrorOf((await fetchVirtualHost(tampered)).body).code).toBe('SignatureDoesNotMatch');
  });
});

describe('payload checksums, verified as S3 does', () => {
  const body = Buffer.from('checksummed body '.repeat(1000));

  it.each(['CRC32C', 'CRC64NVME'] as const)('@aws-sdk/client-s3 PutObject with ChecksumAlgorithm %s: as a header (buffer) and as a trailer (stream)', async (algorithm) => {
    const client = s3Client(gateway, keys);
    const sent = recorded(client);
    await client.send(new PutObjectCommand({ Bucket: 'sums', Key: `header-${algorithm}`, Body: body, ChecksumAlgorithm: algorithm }));
    expect(await text(client, 'sums', `header-${algorithm}`)).toBe(body.toString());
    await client.send(new PutObjectCommand({ Bucket: 'sums', Key: `trailer-${algorithm}`, Body: Readable.from([body.subarray(0, 5000), body.subarray(5000)]), ContentLength: body.length, ChecksumAlgorithm: algorithm }));
    expect(await text(client, 'sums', `trailer-${algorithm}`)).toBe(body.toString());
    const name = `x-amz-checksum-${algorithm.toLowerCase()}`;
    expect(sent[0].headers[name]).toBe(base64((algorithm === 'CRC32C' ? new Crc32c() : new Crc64Nvme()).update(body)));
    expect(sent[2].headers).toMatchObject({ 'x-amz-trailer': name, 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' });
  });

  it('@aws-sdk/client-s3 UploadPart with ChecksumAlgorithm CRC32C and CRC64NVME', async () => {
    const client = s3Client(gateway, keys);
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: 'sums', Key: 'parts' }));
    const first = Buffer.alloc(5 * 1024 * 1024, 'p');
    const one = await client.send(new UploadPartCommand({ Bucket: 'sums', Key: 'parts', UploadId, PartNumber: 1, Body: first, ChecksumAlgorithm: 'CRC32C' }));
    const two = await client.send(new UploadPartCommand({ Bucket: 'sums', Key: 'parts', UploadId, PartNumber: 2, Body: Buffer.from('end'), ChecksumAlgorithm: 'CRC64NVME' }));
    await client.send(new CompleteMultipartUploadCommand({
      Bucket: 'sums', Key: 'parts', UploadId, MultipartUpload: { Parts: [{ ETag: one.ETag, PartNumber: 1 }, { ETag: two.ETag, PartNumber: 2 }] },
    }));
    expect((await client.send(new HeadObjectCommand({ Bucket: 'sums', Key: 'parts' }))).ContentLength).toBe(first.length + 3);
  });

  it('a checksum header that does not match the body is BadDigest, and nothing is stored', async () => {
    const wrong = base64(new Crc32c().update(Buffer.from('another body')));
    const reply = await signedS3Request(gateway, keys, 'PUT', '/sums/header-mismatch', body, { headers: { 'x-amz-checksum-crc32c': wrong } });
    expect({ status: reply.status, code: s3ErrorOf(reply.body).code }).toEqual({ status: 400, code: 'BadDigest' });
    expect(await exists('header-mismatch')).toBe(false);
    const malformed = await signedS3Request(gateway, keys, 'PUT', '/sums/header-malformed', body, { headers: { 'x-amz-checksum-crc64nvme': 'AAAA' } });
    expect({ status: malformed.status, code: s3ErrorOf(malformed.body).code }).toEqual({ status: 400, code: 'InvalidRequest' });
  });

  describe('STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER (signed chunks, signed trailer)', () => {
    const chunks = [Buffer.alloc(65536, 'a'), Buffer.from('tail')];
    const whole = Buffer.concat(chunks);

    it.each([
      ['x-amz-checksum-crc32c', base64(new Crc32c().update(whole))],
      ['x-amz-checksum-crc64nvme', base64(new Crc64Nvme().update(whole))],
    ])('stores the body when chunks, %s and the trailer signature check out', async (name, value) => {
      const reply = await chunkedPut(gateway, keys, `/sums/signed-${name}`, chunks, undefined, { line: `${name}:${value}` });
      expect(reply.status).toBe(200);
      expect((await text(s3Client(gateway, keys), 'sums', `signed-${name}`)).length).toBe(whole.length);
    });

    it('a signed checksum that does not match is BadDigest; a bad trailer signature is SignatureDoesNotMatch; neither stores anything', async () => {
      const badSum = await chunkedPut(gateway, keys, '/sums/signed-bad-sum', chunks, undefined, { line: `x-amz-checksum-crc32c:${base64(new Crc32c())}` });
      expect({ status: badSum.status, code: s3ErrorOf(badSum.body).code }).toEqual({ status: 400, code: 'BadDigest' });
      const good = `x-amz-checksum-crc32c:${base64(new Crc32c().update(whole))}`;
      const badSignature = await chunkedPut(gateway, keys, '/sums/signed-bad-signature', chunks, undefined, { line: good, signature: 'f'.repeat(64) });
      expect({ status: badSignature.status, code: s3ErrorOf(badSignature.body).code }).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
      const badChunk = await chunkedPut(gateway, keys, '/sums/signed-bad-chunk', chunks, 0, { line: good });
      expect({ status: badChunk.status, code: s3ErrorOf(badChunk.body).code }).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
      for (const key of ['signed-bad-sum', 'signed-bad-signature', 'signed-bad-chunk']) expect(await exists(key)).toBe(false);
    });
  });
});
