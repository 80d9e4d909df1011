import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { AssumeRoleProvider } from 'minio/dist/esm/AssumeRoleProvider.mjs';
import { connectEtcd, decodeCredentialRecord, type EtcdConnection } from '#infra-etcd';
import { startStack, TEST_ROOT_PASSWORD, TEST_ROOT_USER, type Stack } from './support/stack.js';
import { post, sdkClient, signedFormPost, stsError, xmlField, type Keys } from './support/sts-http.js';

const ROOT: Keys = { accessKeyId: TEST_ROOT_USER, secretAccessKey: TEST_ROOT_PASSWORD };
const ROLE = { RoleArn: 'arn:aws:iam::123456789012:role/ci', RoleSessionName: 'e2e-session' };

let stack: Stack;
let etcd: EtcdConnection;

beforeAll(async () => {
  stack = await startStack({ replicas: { 'api-gateway': 2 } });
  etcd = connectEtcd({ endpoints: [stack.etcdEndpoint], prefix: '', timeoutMs: 5000, auth: stack.etcdAuth });
}, 60_000);

afterAll(async () => {
  etcd?.close();
  await stack?.stop();
});

async function assumeRoleAsRoot(durationSeconds = 900): Promise<Keys> {
  const { Credentials } = await sdkClient(stack.gateways[0], ROOT).send(new AssumeRoleCommand({ ...ROLE, DurationSeconds: durationSeconds }));
  return { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
}

function runCli(args: string[], keys: Keys): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, STS_ENDPOINT: stack.gateways[0], STS_ACCESS_KEY: keys.accessKeyId, STS_SECRET_KEY: keys.secretAccessKey };
    const child = spawn(process.execPath, ['scripts/sts.mjs', ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

describe('AssumeRole through the whole stack', () => {
  it('issues credentials to the root user that GetCallerIdentity accepts on another gateway at once', async () => {
    const keys = await assumeRoleAsRoot();
    expect(keys.accessKeyId).toMatch(/^[0-9A-Z]{20}$/);
    expect(keys.secretAccessKey).toMatch(/^[A-Za-z0-9+]{40}$/);
    const identity = await sdkClient(stack.gateways[1], keys).send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({ Account: '000000000000', Arn: `arn:aws:sts::000000000000:assumed-role/${TEST_ROOT_USER}/e2e-session` });
  });

  it('stores the record in etcd under a lease bounded by the lifetime, with no secret in plaintext', async () => {
    const keys = await assumeRoleAsRoot(900);
    const kv = (await etcd.client.get(`sts/credentials/${keys.accessKeyId}`).exec()).kvs[0];
    expect(kv).toBeDefined();
    const { TTL } = await etcd.client.leaseClient.leaseTimeToLive({ ID: kv.lease, keys: false });
    expect(Number(TTL)).toBeGreaterThan(890);
    expect(Number(TTL)).toBeLessThanOrEqual(906);
    const everything = JSON.stringify(await etcd.client.getAll().strings());
    expect(everything).toContain(keys.accessKeyId);
    expect(everything).not.toContain(keys.secretAccessKey);
    expect(everything).not.toContain(keys.sessionToken);
    expect(everything).not.toContain(TEST_ROOT_PASSWORD);
  });

  it('works with the minio package AssumeRoleProvider', async () => {
    const provider = new AssumeRoleProvider({ stsEndpoint: stack.gateways[0], accessKey: TEST_ROOT_USER, secretKey: TEST_ROOT_PASSWORD, durationSeconds: 900 });
    const credentials = await provider.getCredentials();
    const keys = { accessKeyId: credentials.accessKey, secretAccessKey: credentials.secretKey, sessionToken: credentials.sessionToken };
    const identity = await sdkClient(stack.gateways[0], keys).send(new GetCallerIdentityCommand({}));
    expect(identity.UserId).toBe(`${TEST_ROOT_USER}:${keys.accessKeyId}`);
  });

  it('answers a raw form POST shaped as minio-go sends it, with MinIO XML and a matching request id', async () => {
    const reply = await signedFormPost(stack.gateways[0], ROOT, 'Action=AssumeRole&DurationSeconds=3600&Version=2011-06-15');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('application/xml');
    expect(reply.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<AssumeRoleResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><AssumeRoleResult><AssumedRoleUser><Arn><\/Arn><AssumeRoleId><\/AssumeRoleId><\/AssumedRoleUser><Credentials><AccessKeyId>[0-9A-Z]{20}<\/AccessKeyId><SecretAccessKey>.{40}<\/SecretAccessKey><SessionToken>[\w-]+\.[\w-]+\.[\w-]+<\/SessionToken><Expiration>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/Expiration><\/Credentials><\/AssumeRoleResult><ResponseMetadata><RequestId>[0-9A-F]+<\/RequestId><\/ResponseMetadata><\/AssumeRoleResponse>$/);
    expect(xmlField(reply.body, 'RequestId')).toBe(reply.headers.get('x-amz-request-id'));
    const expiration = Date.parse(xmlField(reply.body, 'Expiration')!);
    expect(expiration - Date.now()).toBeGreaterThan(3590_000);
    expect(expiration - Date.now()).toBeLessThanOrEqual(3600_000);
  });

  it('stores a valid session policy with the credential and refuses an invalid one', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/*'] }] });
    const { Credentials } = await sdkClient(stack.gateways[0], ROOT).send(new AssumeRoleCommand({ ...ROLE, Policy: policy }));
    const record = decodeCredentialRecord(Credentials!.AccessKeyId!, (await etcd.client.get(`sts/credentials/${Credentials!.AccessKeyId}`).buffer())!);
    expect(record.sessionPolicy).toBe(policy);
    const bad = await signedFormPost(stack.gateways[0], ROOT, `Action=AssumeRole&Version=2011-06-15&Policy=${encodeURIComponent('{"Statement":[]}')}`);
    expect(bad.status).toBe(400);
    expect(stsError(bad.body)).toMatchObject({ code: 'InvalidParameterValue', message: "Version cannot be empty expecting '2012-10-17'" });
  });

  it('lets a user added with the CLI assume a role, and refuses CLI calls not signed by root', async () => {
    const added = await runCli(['user', 'add', 'alice', 'alice-secret-1'], ROOT);
    expect(added).toMatchObject({ code: 0, stdout: 'Added user `alice` successfully.\n' });
    const alice = { accessKeyId: 'alice', secretAccessKey: 'alice-secret-1' };
    const { Credentials } = await sdkClient(stack.gateways[1], alice).send(new AssumeRoleCommand(ROLE));
    const keys = { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
    expect((await sdkClient(stack.gateways[0], keys).send(new GetCallerIdentityCommand({}))).Arn).toContain('assumed-role/alice/');
    const denied = await runCli(['user', 'add', 'mallory', 'mallory-secret', '--json'], alice);
    expect(denied.code).not.toBe(0);
    expect(JSON.parse(denied.stdout)).toMatchObject({ status: 'error', error: expect.stringContaining('AccessDenied') });
  });
});

describe('AssumeRole refusals', () => {
  it.each([
    ['a wrong secret', { ...ROOT, secretAccessKey: 'not-the-password' }, 'The request signature we calculated does not match'],
    ['an unknown access key', { accessKeyId: 'nobody', secretAccessKey: 'nobody-secret' }, 'The Access Key Id you provided does not exist in our records.'],
  ])('denies %s with 403 AccessDenied', async (_name, keys, message) => {
    const reply = await signedFormPost(stack.gateways[0], keys, 'Action=AssumeRole&Version=2011-06-15');
    expect(reply.status).toBe(403);
    expect(stsError(reply.body)).toMatchObject({ type: 'Sender', code: 'AccessDenied', message: expect.stringContaining(message) });
  });

  it('denies temporary credentials and any request carrying a session token', async () => {
    const temporary = await assumeRoleAsRoot();
    const reply = await signedFormPost(stack.gateways[0], temporary, 'Action=AssumeRole&Version=2011-06-15');
    expect(stsError(reply.body)).toMatchObject({ code: 'AccessDenied', message: 'Access Denied.' });
    const rootWithToken = await signedFormPost(stack.gateways[0], { ...ROOT, sessionToken: temporary.sessionToken }, 'Action=AssumeRole&Version=2011-06-15');
    expect(stsError(rootWithToken.body)).toMatchObject({ code: 'AccessDenied' });
  });

  it('reports the AWS SDK error for a wrong signature', async () => {
    await expect(sdkClient(stack.gateways[0], { ...ROOT, secretAccessKey: 'wrong-secret' }).send(new AssumeRoleCommand(ROLE)))
      .rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
  });

  it.each([
    ['a wrong Version', 'Action=AssumeRole&Version=2010-01-01', 400, 'MissingParameter', 'Invalid STS API version 2010-01-01, expecting 2011-06-15'],
    ['no Version', 'Action=AssumeRole', 400, 'MissingParameter', 'Invalid STS API version , expecting 2011-06-15'],
    ['an unknown action', 'Action=GetSessionToken&Version=2011-06-15', 400, 'InvalidParameterValue', 'Unsupported action GetSessionToken'],
    ['DurationSeconds=100', 'Action=AssumeRole&Version=2011-06-15&DurationSeconds=100', 400, 'InvalidParameterValue', 'invalid token expiry'],
    ['DurationSeconds above a year', 'Action=AssumeRole&Version=2011-06-15&DurationSeconds=31536001', 400, 'InvalidParameterValue', 'invalid token expiry'],
    ['a malformed RoleSessionName', 'Action=AssumeRole&Version=2011-06-15&RoleSessionName=a%20b', 400, 'InvalidParameterValue', 'RoleSessionName'],
  ])('answers %s with the right STS error', async (_name, body, status, code, message) => {
    const reply = await signedFormPost(stack.gateways[0], ROOT, body);
    expect(reply.status).toBe(status);
    expect(stsError(reply.body)).toMatchObject({ code, message: expect.stringContaining(message) });
  });
});

describe('GetCallerIdentity refusals', () => {
  const gci = 'Action=GetCallerIdentity&Version=2011-06-15';

  it('answers as AWS for long-term keys: the account root, or an IAM user; unknown keys and wrong secrets with AWS codes', async () => {
    expect(await sdkClient(stack.gateways[1], ROOT).send(new GetCallerIdentityCommand({})))
      .toMatchObject({ Arn: 'arn:aws:iam::000000000000:root', Account: '000000000000', UserId: '000000000000' });
    await runCli(['user', 'add', 'gci-user', 'gci-user-secret'], ROOT);
    expect(await sdkClient(stack.gateways[0], { accessKeyId: 'gci-user', secretAccessKey: 'gci-user-secret' }).send(new GetCallerIdentityCommand({})))
      .toMatchObject({ Arn: 'arn:aws:iam::000000000000:user/gci-user', UserId: 'gci-user' });
    for (const [variant, code] of [[{ accessKeyId: 'nobody', secretAccessKey: 'x-secret-1' }, 'InvalidClientTokenId'], [{ ...ROOT, secretAccessKey: 'wrong-secret' }, 'SignatureDoesNotMatch']] as const) {
      const reply = await signedFormPost(stack.gateways[0], variant, gci);
      expect({ status: reply.status, code: stsError(reply.body).code }).toEqual({ status: 403, code });
    }
  });

  it('refuses an unknown temporary key, a wrong session token and a wrong secret with AWS codes', async () => {
    const keys = await assumeRoleAsRoot();
    const cases: Array<[Keys, string]> = [
      [{ ...keys, accessKeyId: 'ZZZZZZZZZZZZZZZZZZZZ' }, 'InvalidClientTokenId'],
      [{ ...keys, sessionToken: `${keys.sessionToken}x` }, 'InvalidClientTokenId'],
      [{ ...keys, secretAccessKey: 'wrong-secret' }, 'SignatureDoesNotMatch'],
      [{ ...keys, sessionToken: undefined }, 'InvalidClientTokenId'],
    ];
    for (const [variant, code] of cases) {
      const reply = await signedFormPost(stack.gateways[1], variant, gci);
      expect({ status: reply.status, code: stsError(reply.body).code }).toEqual({ status: 403, code });
    }
  });

  it('is refused unsigned', async () => {
    const reply = await post(stack.gateways[0], gci, { 'content-type': 'application/x-www-form-urlencoded' });
    expect({ status: reply.status, code: stsError(reply.body).code }).toEqual({ status: 403, code: 'AccessDenied' });
  });
});

describe('the wire protocol never answers with a 5xx, HTML or JSON for bad input', () => {
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  it.each([
    ['binary garbage', Buffer.from([0, 255, 1, 37, 37, 61, 38, 38, 200]), form, 400, 'MissingParameter'],
    ['a JSON body', '{"Action":"AssumeRole"}', { 'content-type': 'application/json' }, 400, 'InvalidParameterValue'],
    ['no content type', 'Action=AssumeRole&Version=2011-06-15', {}, 400, 'InvalidParameterValue'],
    ['an oversize body', `Action=AssumeRole&Version=2011-06-15&Policy=${'x'.repeat(2 * 1024 * 1024)}`, form, 413, 'EntityTooLarge'],
  ])('%s', async (_name, body, headers, status, code) => {
    const reply = await post(stack.gateways[0], body, headers);
    expect(reply.status).toBe(status);
    expect(stsError(reply.body).code).toBe(code);
    expect(reply.headers.get('content-type')).toContain('application/xml');
  });

  it('answers unknown /minio/ paths with STS XML; every other method and path is the S3 API (issue 9: MinIO routing)', async () => {
    const unknown = await fetch(new URL('/minio/nope', stack.gateways[0]));
    expect({ status: unknown.status, code: stsError(await unknown.text()).code }).toEqual({ status: 404, code: 'NotFound' });
    for (const [method, path] of [['GET', '/'], ['PUT', '/'], ['GET', '/nope']] as const) {
      const response = await fetch(new URL(path, stack.gateways[0]), { method });
      const body = await response.text();
      expect({ status: response.status, s3Error: /^<\?xml[^>]*>\n<Error><Code>AccessDenied<\/Code>/.test(body) }).toEqual({ status: 403, s3Error: true });
    }
  });

  it('serves MinIO health endpoints', async () => {
    expect((await fetch(new URL('/minio/health/live', stack.gateways[0]))).status).toBe(200);
    expect((await fetch(new URL('/minio/health/ready', stack.gateways[1]))).status).toBe(200);
  });
});
