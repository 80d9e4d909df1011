import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteObjectCommand,
  DeleteObjectsCommand, GetBucketLocationCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListBucketsCommand,
  ListMultipartUploadsCommand, ListObjectsCommand, ListObjectsV2Command, ListPartsCommand, PutObjectCommand, UploadPartCommand,
  UploadPartCopyCommand, AbortMultipartUploadCommand, DeleteBucketCommand, type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { keysOf, sts } from './support/ldap-http.js';
import { dnOf, ldapEnv, PASSWORDS, startTestDirectory, type TestDirectory } from './support/ldap-fixture.js';
import { MockIdp } from './support/mock-idp.js';
import { chunkedPut, minioClient, rawRequest, s3Client, s3ErrorOf, signedS3Request } from './support/s3.js';
import { startStack, TEST_ROOT_PASSWORD, TEST_ROOT_USER, type Stack } from './support/stack.js';
import { post, signedFormPost, type Keys } from './support/sts-http.js';

const ROOT: Keys = { accessKeyId: TEST_ROOT_USER, secretAccessKey: TEST_ROOT_PASSWORD };
/** Short deadlines, so the slow-client cases run in seconds: STS's whole-request one and S3's silence. */
const SLOW_CLIENT_DEADLINES = { STS_HTTP_REQUEST_TIMEOUT_MS: '2000', STS_HTTP_S3_IDLE_TIMEOUT_MS: '4000' };

/** A body of `chunks` 1 KiB pieces, one every `everyMs`, then (with `stallMs`) silence before the end. */
function slowBody(chunks: number, everyMs: number, stallMs = 0): Readable {
  let sent = 0;
  return new Readable({
    read() {
      const wait = sent === chunks - 1 && stallMs > 0 ? stallMs : everyMs;
      setTimeout(() => this.push(sent++ < chunks ? Buffer.alloc(1024, 'x') : null), wait);
    },
  });
}
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
let dir: string;
let directory: TestDirectory;
let idp: MockIdp;
let stack: Stack;
let gateway: string;

const admin = async (...args: string[]) => {
  const result = await sts(gateway, ROOT, ...args);
  expect(result.code).toBe(0);
  return result.json;
};

async function createPolicy(name: string, statements: object[]): Promise<void> {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ Version: '2012-10-17', Statement: statements }));
  await admin('policy', 'create', name, file);
}

async function assumeRole(keys: Keys, extra = ''): Promise<Keys> {
  const reply = await signedFormPost(gateway, keys, `Action=AssumeRole&Version=2011-06-15&DurationSeconds=900${extra}`);
  expect(reply.status).toBe(200);
  return keysOf(reply.body);
}

async function webIdentity(claims: Record<string, unknown>, action = 'AssumeRoleWithWebIdentity', param = 'WebIdentityToken'): Promise<Keys> {
  const token = await idp.mint({ aud: 'sts', ...claims });
  const reply = await post(gateway, `Action=${action}&Version=2011-06-15&${param}=${encodeURIComponent(token)}`, FORM);
  expect(reply.status).toBe(200);
  return keysOf(reply.body);
}

async function ldapLogin(uid: string): Promise<Keys> {
  const body = new URLSearchParams({ Action: 'AssumeRoleWithLDAPIdentity', Version: '2011-06-15', LDAPUsername: uid, LDAPPassword: PASSWORDS[uid] }).toString();
  const reply = await post(gateway, body, FORM);
  expect(reply.status).toBe(200);
  return keysOf(reply.body);
}

const text = async (client: S3Client, Bucket: string, Key: string) => (await client.send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToString();
const denied = (promise: Promise<unknown>) => expect(promise).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sts-s3-e2e-'));
  [directory, idp] = await Promise.all([startTestDirectory(dir), MockIdp.start()]);
  stack = await startStack({
    s3: true,
    env: { ...ldapEnv(directory), MINIO_IDENTITY_OPENID_CONFIG_URL: idp.configUrl, MINIO_IDENTITY_OPENID_CLIENT_ID: 'sts', ...SLOW_CLIENT_DEADLINES },
  });
  gateway = stack.gateways[0];
  const root = s3Client(gateway, ROOT);
  for (const Bucket of ['shared', 'home', 'jwt-home', 'other']) await root.send(new CreateBucketCommand({ Bucket }));
  await root.send(new PutObjectCommand({ Bucket: 'shared', Key: 'readme.txt', Body: 'shared file' }));
  await admin('user', 'add', 'writer', 'writer-secret-123');
  await admin('policy', 'attach', 'readwrite', '--user', 'writer');
  await admin('policy', 'attach', 'readwrite', '--ldap-user', dnOf('carol'));
}, 90_000);

afterAll(async () => {
  await stack?.stop();
  await Promise.all([directory?.stop(), idp?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('credentials from every STS action open the S3 API', () => {
  const kinds: Array<[string, () => Promise<Keys>]> = [
    ['AssumeRole (root)', () => assumeRole(ROOT)],
    ['AssumeRole (builtin user)', () => assumeRole({ accessKeyId: 'writer', secretAccessKey: 'writer-secret-123' })],
    ['AssumeRoleWithWebIdentity', () => webIdentity({ sub: 'web-user', policy: 'readwrite' })],
    ['AssumeRoleWithClientGrants', () => webIdentity({ sub: 'machine', policy: 'readwrite', client_id: 'machine' }, 'AssumeRoleWithClientGrants', 'Token')],
    ['AssumeRoleWithLDAPIdentity', () => ldapLogin('carol')],
  ];

  it.each(kinds)('%s: @aws-sdk/client-s3 lists, puts (buffer and stream), gets and deletes', async (name, issue) => {
    const client = s3Client(gateway, await issue());
    const key = `kinds/${name.replace(/\W+/g, '-')}`;
    expect((await client.send(new ListBucketsCommand({}))).Buckets!.map((b) => b.Name)).toEqual(expect.arrayContaining(['shared', 'home']));
    await client.send(new PutObjectCommand({ Bucket: 'shared', Key: key, Body: 'from the sdk' }));
    expect(await text(client, 'shared', key)).toBe('from the sdk');
    // A stream of known length: the SDK sends aws-chunked with a CRC32 trailer (STREAMING-UNSIGNED-PAYLOAD-TRAILER).
    await client.send(new PutObjectCommand({ Bucket: 'shared', Key: `${key}-stream`, Body: Readable.from([Buffer.from('streamed '), Buffer.from('body')]), ContentLength: 13 }));
    expect(await text(client, 'shared', `${key}-stream`)).toBe('streamed body');
    await client.send(new DeleteObjectCommand({ Bucket: 'shared', Key: `${key}-stream` }));
    await expect(client.send(new HeadObjectCommand({ Bucket: 'shared', Key: `${key}-stream` }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });

  it('the minio package Client works with temporary credentials (put, get, stat, list, remove)', async () => {
    const client = minioClient(gateway, await assumeRole(ROOT));
    expect((await client.listBuckets()).map((b) => b.name)).toContain('shared');
    await client.putObject('shared', 'minio/a.txt', Buffer.from('minio body'));
    const stream = await client.getObject('shared', 'minio/a.txt');
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('minio body');
    expect((await client.statObject('shared', 'minio/a.txt')).size).toBe(10);
    const listed: string[] = [];
    for await (const item of client.listObjectsV2('shared', 'minio/', true)) listed.push((item as { name: string }).name);
    expect(listed).toEqual(['minio/a.txt']);
    await client.removeObject('shared', 'minio/a.txt');
  });

  it('root and builtin users sign S3 with their long-term keys', async () => {
    expect((await s3Client(gateway, ROOT).send(new ListBucketsCommand({}))).Buckets!.length).toBeGreaterThan(0);
    const writer = s3Client(gateway, { accessKeyId: 'writer', secretAccessKey: 'writer-secret-123' });
    await writer.send(new PutObjectCommand({ Bucket: 'shared', Key: 'by-writer', Body: 'w' }));
    expect(await text(writer, 'shared', 'by-writer')).toBe('w');
  });
});

describe('operations', () => {
  let client: S3Client;
  beforeAll(async () => {
    client = s3Client(gateway, await assumeRole(ROOT));
  });

  it('bucket operations: create, head, location, list v1/v2 with prefix, delimiter and continuation, delete', async () => {
    await client.send(new CreateBucketCommand({ Bucket: 'ops-bucket' }));
    await client.send(new HeadBucketCommand({ Bucket: 'ops-bucket' }));
    for (const key of ['a/1', 'a/2', 'a/3', 'b/1', 'top']) await client.send(new PutObjectCommand({ Bucket: 'ops-bucket', Key: key, Body: key }));
    const v2 = await client.send(new ListObjectsV2Command({ Bucket: 'ops-bucket', Prefix: 'a/', MaxKeys: 2 }));
    expect(v2.Contents!.map((o) => o.Key)).toEqual(['a/1', 'a/2']);
    const next = await client.send(new ListObjectsV2Command({ Bucket: 'ops-bucket', Prefix: 'a/', MaxKeys: 2, ContinuationToken: v2.NextContinuationToken }));
    expect(next.Contents!.map((o) => o.Key)).toEqual(['a/3']);
    const v1 = await client.send(new ListObjectsCommand({ Bucket: 'ops-bucket', Delimiter: '/' }));
    expect(v1.CommonPrefixes!.map((p) => p.Prefix)).toEqual(['a/', 'b/']);
    expect(v1.Contents!.map((o) => o.Key)).toEqual(['top']);
    // s3rver has no location API: its NotImplemented (or an answer) passes through, never a gateway 5xx of our own.
    await client.send(new GetBucketLocationCommand({ Bucket: 'ops-bucket' })).catch((error: { $metadata: { httpStatusCode: number } }) => expect(error.$metadata.httpStatusCode).toBe(501));
    await client.send(new DeleteObjectsCommand({ Bucket: 'ops-bucket', Delete: { Objects: ['a/1', 'a/2', 'a/3', 'b/1', 'top'].map((Key) => ({ Key })) } }));
    await client.send(new DeleteBucketCommand({ Bucket: 'ops-bucket' }));
    await expect(client.send(new HeadBucketCommand({ Bucket: 'ops-bucket' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });

  it('GetObject with a Range, and backend errors passed through unchanged', async () => {
    await client.send(new PutObjectCommand({ Bucket: 'shared', Key: 'range.txt', Body: '0123456789' }));
    expect(await (await client.send(new GetObjectCommand({ Bucket: 'shared', Key: 'range.txt', Range: 'bytes=2-5' }))).Body!.transformToString()).toBe('2345');
    await expect(client.send(new GetObjectCommand({ Bucket: 'shared', Key: 'missing' }))).rejects.toMatchObject({ name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } });
    await expect(client.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket' }))).rejects.toMatchObject({ name: 'NoSuchBucket', $metadata: { httpStatusCode: 404 } });
  });

  it('CopyObject, and multipart: create, upload part, upload part copy, list parts, complete; abort', async () => {
    await client.send(new CopyObjectCommand({ Bucket: 'other', Key: 'copied.txt', CopySource: 'shared/readme.txt' }));
    expect(await text(client, 'other', 'copied.txt')).toBe('shared file');
    const part1 = Buffer.alloc(5 * 1024 * 1024, 'x');
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: 'shared', Key: 'multi.bin' }));
    const p1 = await client.send(new UploadPartCommand({ Bucket: 'shared', Key: 'multi.bin', UploadId, PartNumber: 1, Body: part1 }));
    const p2 = await client.send(new UploadPartCopyCommand({ Bucket: 'shared', Key: 'multi.bin', UploadId, PartNumber: 2, CopySource: 'shared/readme.txt' }))
      .then((r) => r.CopyPartResult!.ETag, () => undefined);
    const parts = await client.send(new ListPartsCommand({ Bucket: 'shared', Key: 'multi.bin', UploadId })).then((r) => r.Parts ?? [], () => undefined);
    if (parts) expect(parts.length).toBeGreaterThanOrEqual(1);
    const done = [{ PartNumber: 1, ETag: p1.ETag }, ...(p2 ? [{ PartNumber: 2, ETag: p2 }] : [])];
    await client.send(new CompleteMultipartUploadCommand({ Bucket: 'shared', Key: 'multi.bin', UploadId, MultipartUpload: { Parts: done } }));
    const head = await client.send(new HeadObjectCommand({ Bucket: 'shared', Key: 'multi.bin' }));
    expect(head.ContentLength).toBe(part1.length + (p2 ? 'shared file'.length : 0));
    const other = await client.send(new CreateMultipartUploadCommand({ Bucket: 'shared', Key: 'aborted.bin' }));
    // s3rver answers AbortMultipartUpload 405 itself: the backend's answer passes through unchanged.
    await client.send(new AbortMultipartUploadCommand({ Bucket: 'shared', Key: 'aborted.bin', UploadId: other.UploadId }))
      .catch((error: { name: string; $metadata: { httpStatusCode: number } }) => expect([error.name, error.$metadata.httpStatusCode]).toEqual(['MethodNotAllowed', 405]));
    // s3rver has no ListMultipartUploads: its NotImplemented passes through.
    await expect(client.send(new ListMultipartUploadsCommand({ Bucket: 'shared' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 501 } });
  }, 60_000);

  it('presigned GET and PUT (@aws-sdk/s3-request-presigner and minio.presignedUrl)', async () => {
    const keys = await assumeRole(ROOT);
    // Given the body, the presigner signs its CRC32 into the URL (x-amz-checksum-crc32), as clients do.
    const putUrl = await getSignedUrl(s3Client(gateway, keys), new PutObjectCommand({ Bucket: 'shared', Key: 'presigned.txt', Body: 'uploaded by url' }), { expiresIn: 300 });
    expect(new URL(putUrl).searchParams.get('x-amz-checksum-crc32')).toMatch(/^[A-Za-z0-9+/]{6}==$/);
    expect((await fetch(putUrl, { method: 'PUT', body: 'uploaded by url' })).status).toBe(200);
    const getUrl = await getSignedUrl(s3Client(gateway, keys), new GetObjectCommand({ Bucket: 'shared', Key: 'presigned.txt' }), { expiresIn: 300 });
    expect(await (await fetch(getUrl)).text()).toBe('uploaded by url');
    const minioUrl = await minioClient(gateway, keys).presignedUrl('GET', 'shared', 'presigned.txt', 300);
    expect(await (await fetch(minioUrl)).text()).toBe('uploaded by url');
  });

  it('a presigned PUT whose signed x-amz-checksum-crc32 does not match the body is BadDigest and stores nothing', async () => {
    const keys = await assumeRole(ROOT);
    // Presigned without a body, the SDK declares the CRC32 of an empty one (AAAAAA==); S3 enforces it.
    const url = await getSignedUrl(s3Client(gateway, keys), new PutObjectCommand({ Bucket: 'shared', Key: 'presigned-mismatch.txt' }), { expiresIn: 300 });
    expect(new URL(url).searchParams.get('x-amz-checksum-crc32')).toBe('AAAAAA==');
    const reply = await fetch(url, { method: 'PUT', body: 'not the empty body' });
    expect({ status: reply.status, code: s3ErrorOf(await reply.text()).code }).toEqual({ status: 400, code: 'BadDigest' });
    await expect(s3Client(gateway, keys).send(new HeadObjectCommand({ Bucket: 'shared', Key: 'presigned-mismatch.txt' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    const empty = await fetch(url, { method: 'PUT', body: '' });
    expect(empty.status).toBe(200);
  });
});

describe('the policy matrix, evaluated by the gateway', () => {
  const user = async (name: string, ...policies: string[]): Promise<Keys> => {
    await admin('user', 'add', name, `${name}-secret-123`);
    if (policies.length > 0) await admin('policy', 'attach', ...policies, '--user', name);
    return assumeRole({ accessKeyId: name, secretAccessKey: `${name}-secret-123` });
  };

  beforeAll(async () => {
    await createPolicy('list-public', [
      { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: ['arn:aws:s3:::shared'], Condition: { StringLike: { 's3:prefix': ['public/*'] } } },
    ]);
    await createPolicy('home-folders', [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: ['arn:aws:s3:::home/${aws:username}/*'] }]);
    await createPolicy('jwt-home', [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: ['arn:aws:s3:::jwt-home/${jwt:sub}/*'] }]);
    await createPolicy('all-but-secrets', [
      { Effect: 'Allow', Action: ['s3:*'], Resource: ['arn:aws:s3:::*'] },
      { Effect: 'Deny', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::shared/secret/*'] },
    ]);
    await createPolicy('delete-mine', [
      { Effect: 'Allow', Action: ['s3:DeleteObject'], Resource: ['arn:aws:s3:::shared/mine/*'] },
      { Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::shared/*'] },
    ]);
    const root = s3Client(gateway, ROOT);
    for (const Key of ['public/a', 'private/a', 'secret/a', 'mine/1', 'theirs/1']) await root.send(new PutObjectCommand({ Bucket: 'shared', Key, Body: Key }));
  });

  it('readonly reads but cannot write; a missing key is AccessDenied without s3:ListBucket (MinIO)', async () => {
    const client = s3Client(gateway, await user('reader', 'readonly'));
    expect(await text(client, 'shared', 'readme.txt')).toBe('shared file');
    await denied(client.send(new PutObjectCommand({ Bucket: 'shared', Key: 'nope', Body: 'x' })));
    await denied(client.send(new GetObjectCommand({ Bucket: 'shared', Key: 'does-not-exist' })));
  });

  it('writeonly writes but cannot read', async () => {
    const client = s3Client(gateway, await user('dropper', 'writeonly'));
    await client.send(new PutObjectCommand({ Bucket: 'shared', Key: 'dropped', Body: 'x' }));
    await denied(client.send(new GetObjectCommand({ Bucket: 'shared', Key: 'dropped' })));
  });

  it('a prefix-conditioned ListBucket lists public/ only, and ListBuckets shows only listable buckets', async () => {
    const client = s3Client(gateway, await user('lister', 'list-public'));
    expect((await client.send(new ListObjectsV2Command({ Bucket: 'shared', Prefix: 'public/' }))).Contents!.map((o) => o.Key)).toEqual(['public/a']);
    await denied(client.send(new ListObjectsV2Command({ Bucket: 'shared', Prefix: 'private/' })));
    await denied(client.send(new ListObjectsV2Command({ Bucket: 'shared' })));
    // MinIO's ListBuckets rule evaluates s3:prefix="" — the condition above does not hold, so nothing is listable.
    await denied(client.send(new ListBucketsCommand({})));
  });

  it('a home-folder policy with ${aws:username}', async () => {
    const client = s3Client(gateway, await user('hal', 'home-folders'));
    await client.send(new PutObjectCommand({ Bucket: 'home', Key: 'hal/notes.txt', Body: 'mine' }));
    expect(await text(client, 'home', 'hal/notes.txt')).toBe('mine');
    await denied(client.send(new PutObjectCommand({ Bucket: 'home', Key: 'ivy/notes.txt', Body: 'theirs' })));
  });

  it('a home-folder policy with ${jwt:sub} (OpenID policy claim)', async () => {
    const client = s3Client(gateway, await webIdentity({ sub: 'sub-42', policy: 'jwt-home' }));
    await client.send(new PutObjectCommand({ Bucket: 'jwt-home', Key: 'sub-42/a', Body: 'a' }));
    await denied(client.send(new PutObjectCommand({ Bucket: 'jwt-home', Key: 'sub-43/a', Body: 'a' })));
  });

  it('a session policy narrows readwrite to reads', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::shared/*'] }] });
    const client = s3Client(gateway, await assumeRole({ accessKeyId: 'writer', secretAccessKey: 'writer-secret-123' }, `&Policy=${encodeURIComponent(policy)}`));
    expect(await text(client, 'shared', 'readme.txt')).toBe('shared file');
    await denied(client.send(new PutObjectCommand({ Bucket: 'shared', Key: 'narrowed', Body: 'x' })));
  });

  it('an explicit Deny wins over s3:*', async () => {
    const client = s3Client(gateway, await user('careful', 'all-but-secrets'));
    expect(await text(client, 'shared', 'public/a')).toBe('public/a');
    await denied(client.send(new GetObjectCommand({ Bucket: 'shared', Key: 'secret/a' })));
  });

  it('DeleteObjects decides per key: denied keys are reported and kept', async () => {
    const client = s3Client(gateway, await user('cleaner', 'delete-mine'));
    const result = await client.send(new DeleteObjectsCommand({ Bucket: 'shared', Delete: { Objects: [{ Key: 'mine/1' }, { Key: 'theirs/1' }] } }));
    expect(result.Deleted!.map((d) => d.Key)).toEqual(['mine/1']);
    expect(result.Errors).toEqual([expect.objectContaining({ Key: 'theirs/1', Code: 'AccessDenied' })]);
    expect(await text(client, 'shared', 'theirs/1')).toBe('theirs/1');
    await expect(client.send(new GetObjectCommand({ Bucket: 'shared', Key: 'mine/1' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: expect.any(Number) } });
  });
});

describe('slow clients on S3', () => {
  it('an upload may take longer than STS_HTTP_REQUEST_TIMEOUT_MS while bytes keep coming', async () => {
    const client = s3Client(gateway, ROOT);
    await client.send(new PutObjectCommand({ Bucket: 'shared', Key: 'slow/steady', Body: slowBody(8, 400), ContentLength: 8 * 1024 }));
    expect((await client.send(new HeadObjectCommand({ Bucket: 'shared', Key: 'slow/steady' }))).ContentLength).toBe(8 * 1024);
  }, 30_000);

  it('an upload that falls silent for STS_HTTP_S3_IDLE_TIMEOUT_MS is cut, and nothing is stored', async () => {
    const client = s3Client(gateway, ROOT);
    const started = Date.now();
    await expect(client.send(new PutObjectCommand({ Bucket: 'shared', Key: 'slow/stalled', Body: slowBody(4, 50, 12_000), ContentLength: 4 * 1024 }))).rejects.toBeDefined();
    expect(Date.now() - started).toBeLessThan(11_000);
    await expect(client.send(new HeadObjectCommand({ Bucket: 'shared', Key: 'slow/stalled' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  }, 30_000);
});

describe('a client leaving mid-upload', () => {
  it('a presigned PUT cut after a quarter of its body stores nothing, and the gateway keeps serving', async () => {
    const keys = await assumeRole(ROOT);
    const url = new URL(await getSignedUrl(s3Client(gateway, keys), new PutObjectCommand({ Bucket: 'shared', Key: 'cut/presigned' }), { expiresIn: 300 }));
    const closed = new Promise<void>((resolve) => {
      const upload = httpRequest(url, { method: 'PUT', headers: { 'content-length': String(1024 * 1024) } });
      upload.on('error', () => resolve());
      upload.on('close', () => resolve());
      upload.write(Buffer.alloc(256 * 1024, 'c'), () => setTimeout(() => upload.destroy(), 200));
    });
    await closed;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const client = s3Client(gateway, keys);
    await expect(client.send(new HeadObjectCommand({ Bucket: 'shared', Key: 'cut/presigned' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    await client.send(new PutObjectCommand({ Bucket: 'shared', Key: 'cut/after', Body: 'still serving' }));
    expect(await text(client, 'shared', 'cut/after')).toBe('still serving');
  });
});

describe('refusals', () => {
  const exists = async (Key: string) => s3Client(gateway, ROOT).send(new HeadObjectCommand({ Bucket: 'shared', Key })).then(() => true, () => false);

  it('a tampered signature, a wrong or missing token and an unknown key', async () => {
    const keys = await assumeRole(ROOT);
    const other = await assumeRole(ROOT);
    const cases: Array<[Keys, string, number]> = [
      [{ ...keys, secretAccessKey: `${keys.secretAccessKey}x` }, 'SignatureDoesNotMatch', 403],
      [{ ...keys, sessionToken: other.sessionToken }, 'InvalidTokenId', 403],
      [{ accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey }, 'InvalidTokenId', 403],
      [{ accessKeyId: 'NOSUCHKEY00000000000', secretAccessKey: 'whatever-secret-value' }, 'InvalidAccessKeyId', 403],
    ];
    for (const [signer, code, status] of cases) {
      const reply = await signedS3Request(gateway, signer, 'GET', '/shared/readme.txt');
      expect({ status: reply.status, ...s3ErrorOf(reply.body) }).toMatchObject({ status, code, resource: '/shared/readme.txt', requestId: reply.headers.get('x-amz-request-id') });
    }
  });

  it('an anonymous request is AccessDenied', async () => {
    const reply = await rawRequest(gateway, 'GET', '/', {});
    expect({ status: reply.status, code: s3ErrorOf(reply.body).code }).toEqual({ status: 403, code: 'AccessDenied' });
  });

  it('an expired presigned URL', async () => {
    const url = await minioClient(gateway, await assumeRole(ROOT)).presignedUrl('GET', 'shared', 'readme.txt', 1, {}, new Date(Date.now() - 60_000));
    const reply = await fetch(url);
    expect({ status: reply.status, ...s3ErrorOf(await reply.text()) }).toMatchObject({ status: 403, code: 'AccessDenied', message: 'Request has expired' });
  });

  it('a body that does not match its signed x-amz-content-sha256 is refused and not stored', async () => {
    const reply = await signedS3Request(gateway, await assumeRole(ROOT), 'PUT', '/shared/mismatch.txt', Buffer.from('the real body'), {
      payloadHash: '0'.repeat(64),
    });
    expect({ status: reply.status, code: s3ErrorOf(reply.body).code }).toEqual({ status: 400, code: 'XAmzContentSHA256Mismatch' });
    expect(await exists('mismatch.txt')).toBe(false);
  });

  it('aws-chunked uploads: verified chunk by chunk; a bad chunk signature stores nothing', async () => {
    const keys = await assumeRole(ROOT);
    const chunks = [Buffer.alloc(65536, 'a'), Buffer.alloc(65536, 'b'), Buffer.from('tail')];
    const good = await chunkedPut(gateway, keys, '/shared/chunked-good', chunks);
    expect(good.status).toBe(200);
    expect((await text(s3Client(gateway, keys), 'shared', 'chunked-good')).length).toBe(65536 * 2 + 4);
    const bad = await chunkedPut(gateway, keys, '/shared/chunked-bad', chunks, 1);
    expect({ status: bad.status, code: s3ErrorOf(bad.body).code }).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
    expect(await exists('chunked-bad')).toBe(false);
  });
});

describe('bad input to S3 routes: a clear S3 error, never a 5xx or a crash', () => {
  let keys: Keys;
  beforeAll(async () => {
    keys = await assumeRole(ROOT);
  });

  it.each([
    ['an unmapped sub-resource (fail closed)', 'GET', '/shared', 'policy', 501, 'NotImplemented'],
    ['bucket versioning', 'PUT', '/shared', 'versioning', 501, 'NotImplemented'],
    ['an invalid bucket name', 'GET', '/Not_A_Bucket', '', 400, 'InvalidBucketName'],
    ['a key over 1024 bytes', 'GET', `/shared/${'k'.repeat(1100)}`, '', 400, 'KeyTooLongError'],
    ['a method S3 does not have', 'PATCH', '/shared/readme.txt', '', 501, 'NotImplemented'],
    ['DELETE on the service', 'DELETE', '/', '', 405, 'MethodNotAllowed'],
  ])('%s', async (_, method, path, query, status, code) => {
    const reply = await signedS3Request(gateway, keys, method, path, Buffer.alloc(0), { query });
    expect({ status: reply.status, code: s3ErrorOf(reply.body).code }).toEqual({ status, code });
    expect(reply.headers.get('content-type')).toBe('application/xml');
  });

  it('a malformed Authorization header and a malformed DeleteObjects body', async () => {
    const malformed = await rawRequest(gateway, 'GET', '/shared', { authorization: 'AWS4-HMAC-SHA256 Credential=x' });
    expect({ status: malformed.status, code: s3ErrorOf(malformed.body).code }).toEqual({ status: 400, code: 'AuthorizationHeaderMalformed' });
    const body = Buffer.from('<Delete><Object><Key>a</Key>');
    const reply = await signedS3Request(gateway, keys, 'POST', '/shared', body, { query: 'delete=' });
    expect({ status: reply.status, code: s3ErrorOf(reply.body).code }).toEqual({ status: 400, code: 'MalformedXML' });
  });

  it('STS still answers POST / and health still answers on the same port', async () => {
    const sts = await signedFormPost(gateway, ROOT, 'Action=GetCallerIdentity&Version=2011-06-15');
    expect({ status: sts.status, sts: sts.body.includes('<GetCallerIdentityResponse') }).toEqual({ status: 200, sts: true });
    expect((await fetch(`${gateway}/minio/health/ready`)).status).toBe(200);
  });
});

describe('the backend going away', () => {
  it('answers 503 ServiceUnavailable at once, reports it in readiness, and recovers', async () => {
    const client = s3Client(gateway, ROOT);
    await stack.stopS3Backend();
    const started = Date.now();
    const reply = await signedS3Request(gateway, ROOT, 'GET', '/shared/readme.txt');
    expect({ status: reply.status, code: s3ErrorOf(reply.body).code }).toEqual({ status: 503, code: 'ServiceUnavailable' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await fetch(`${gateway}/minio/health/ready`)).status).toBe(503);
    await stack.startS3Backend();
    expect(await text(client, 'shared', 'readme.txt')).toBe('shared file');
  });
});
