import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startStack, TEST_ROOT_PASSWORD, TEST_ROOT_USER, type Stack } from './support/stack.js';
import { sdkClient, type Keys } from './support/sts-http.js';

const ROOT: Keys = { accessKeyId: TEST_ROOT_USER, secretAccessKey: TEST_ROOT_PASSWORD };
const ROLE = { RoleArn: 'arn:aws:iam::123456789012:role/app', RoleSessionName: 'iam-e2e' };
const READ_REPORTS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::reports/*'] }] };

let stack: Stack;
let dir: string;

beforeAll(async () => {
  stack = await startStack({ replicas: { 'api-gateway': 2 } });
  dir = mkdtempSync(join(tmpdir(), 'sts-iam-'));
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface CliResult { code: number; stdout: string; stderr: string; json: any }

function sts(keys: Keys, ...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const env = { ...process.env, STS_ENDPOINT: stack.gateways[0], STS_ACCESS_KEY: keys.accessKeyId, STS_SECRET_KEY: keys.secretAccessKey, STS_SESSION_TOKEN: keys.sessionToken ?? '' };
    const child = spawn(process.execPath, ['scripts/sts.mjs', ...args, '--json'], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr, json: stdout ? JSON.parse(stdout) : undefined }));
  });
}

async function assumeRole(keys: Keys): Promise<Keys> {
  const { Credentials } = await sdkClient(stack.gateways[1], keys).send(new AssumeRoleCommand(ROLE));
  return { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
}

describe('IAM through the CLI against the running stack', () => {
  it('creates a user and a policy, attaches it, and a live credential follows attach and detach', async () => {
    writeFileSync(join(dir, 'read-reports.json'), JSON.stringify(READ_REPORTS));
    expect((await sts(ROOT, 'user', 'add', 'carol', 'carol-secret-1')).code).toBe(0);
    expect((await sts(ROOT, 'policy', 'create', 'read-reports', join(dir, 'read-reports.json'))).code).toBe(0);
    expect((await sts(ROOT, 'policy', 'attach', 'read-reports', '--user', 'carol')).json).toMatchObject({ status: 'success', policies: ['read-reports'] });
    expect((await sts(ROOT, 'user', 'info', 'carol')).json).toMatchObject({ accessKey: 'carol', status: 'enabled', policies: ['read-reports'] });

    const temporary = await assumeRole({ accessKeyId: 'carol', secretAccessKey: 'carol-secret-1' });
    const before = (await sts(ROOT, 'creds', 'info', temporary.accessKeyId)).json;
    expect(before).toMatchObject({ parent: 'carol', provider: 'builtin', accountStatus: 'enabled', impliedPolicy: true, policies: ['read-reports'] });
    expect(JSON.stringify(before.effectivePolicy)).toContain('arn:aws:s3:::reports/*');
    expect(JSON.stringify(before)).not.toContain(temporary.secretAccessKey);

    expect((await sts(ROOT, 'policy', 'detach', 'read-reports', '--user', 'carol')).json).toMatchObject({ policies: [] });
    const after = (await sts(ROOT, 'creds', 'info', temporary.accessKeyId)).json;
    expect(after.policies).toEqual([]);
    expect(JSON.stringify(after.effectivePolicy)).not.toContain('reports');
    expect((await sts(ROOT, 'creds', 'list', '--user', 'carol')).json.credentials.map((c: { accessKey: string }) => c.accessKey)).toEqual([temporary.accessKeyId]);
  });

  it('stops the temporary credentials of a disabled user at once on every gateway, and restores them on enable', async () => {
    await sts(ROOT, 'user', 'add', 'dave', 'dave-secret-1');
    const temporary = await assumeRole({ accessKeyId: 'dave', secretAccessKey: 'dave-secret-1' });
    for (const gateway of stack.gateways) await sdkClient(gateway, temporary).send(new GetCallerIdentityCommand({}));
    expect((await sts(ROOT, 'user', 'disable', 'dave')).code).toBe(0);
    for (const gateway of stack.gateways) {
      await expect(sdkClient(gateway, temporary).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
    }
    await expect(sdkClient(stack.gateways[0], { accessKeyId: 'dave', secretAccessKey: 'dave-secret-1' }).send(new AssumeRoleCommand(ROLE)))
      .rejects.toMatchObject({ name: 'AccessDenied' });
    await sts(ROOT, 'user', 'enable', 'dave');
    expect((await sdkClient(stack.gateways[1], temporary).send(new GetCallerIdentityCommand({}))).Arn).toContain('assumed-role/dave/');
  });

  it('refuses admin calls by a user without admin policies with 403, and allows them once consoleAdmin is attached', async () => {
    await sts(ROOT, 'user', 'add', 'erin', 'erin-secret-1');
    const erin = { accessKeyId: 'erin', secretAccessKey: 'erin-secret-1' };
    const denied = await sts(erin, 'user', 'list');
    expect(denied.code).not.toBe(0);
    expect(denied.json.error).toMatch(/^AccessDenied/);
    await sts(ROOT, 'policy', 'attach', 'consoleAdmin', '--user', 'erin');
    expect((await sts(erin, 'user', 'list')).json.users.map((u: { accessKey: string }) => u.accessKey)).toEqual(expect.arrayContaining(['carol', 'erin']));
  });

  it('manages groups whose policies reach their members', async () => {
    await sts(ROOT, 'user', 'add', 'frank', 'frank-secret-1');
    expect((await sts(ROOT, 'group', 'add', 'auditors', 'frank')).code).toBe(0);
    await sts(ROOT, 'policy', 'attach', 'readonly', '--group', 'auditors');
    // As MinIO's user-info, the user's own policies only; the group's show on the group and reach its credentials.
    expect((await sts(ROOT, 'user', 'info', 'frank')).json).toMatchObject({ memberOf: ['auditors'], policies: [] });
    expect((await sts(ROOT, 'group', 'info', 'auditors')).json).toMatchObject({ status: 'enabled', members: ['frank'], policies: ['readonly'] });
    const temporary = await assumeRole({ accessKeyId: 'frank', secretAccessKey: 'frank-secret-1' });
    expect((await sts(ROOT, 'creds', 'info', temporary.accessKeyId)).json.policies).toEqual(['readonly']);
    expect((await sts(ROOT, 'group', 'disable', 'auditors')).code).toBe(0);
    expect((await sts(ROOT, 'creds', 'info', temporary.accessKeyId)).json.policies).toEqual([]);
    expect((await sts(ROOT, 'group', 'info', 'auditors')).json).toMatchObject({ status: 'disabled', policies: [] });
    await sts(ROOT, 'group', 'enable', 'auditors');
    const notEmpty = await sts(ROOT, 'group', 'remove', 'auditors');
    expect(notEmpty.code).not.toBe(0);
    await sts(ROOT, 'group', 'remove', 'auditors', 'frank');
    expect((await sts(ROOT, 'user', 'info', 'frank')).json).toMatchObject({ memberOf: [], policies: [] });
  });

  it('answers bad input with a 400 JSON error that says what is wrong, and applies nothing', async () => {
    const malformed = await sts(ROOT, 'policy', 'attach', 'readonly', 'no-such-policy', '--user', 'carol');
    expect(malformed.json.error).toMatch(/XMinioAdminNoSuchPolicy: .*no-such-policy/);
    expect((await sts(ROOT, 'user', 'info', 'carol')).json.policies).toEqual([]);
    writeFileSync(join(dir, 'bad.json'), '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resourse":"*"}]}');
    const bad = await sts(ROOT, 'policy', 'create', 'bad', join(dir, 'bad.json'));
    expect(bad.json.error).toMatch(/^XMinioMalformedIAMPolicy: .*Resourse/);
    const response = await fetch(new URL('/minio/admin/v3/list-users', stack.gateways[0]));
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toMatchObject({ Code: 'AccessDenied' });
  });

  it('manages service accounts with the CLI: add, list, info, edit, remove, and they assume roles as their parent', async () => {
    await sts(ROOT, 'user', 'add', 'gail', 'gail-secret-1');
    await sts(ROOT, 'policy', 'attach', 'readonly', '--user', 'gail');
    writeFileSync(join(dir, 'narrow.json'), JSON.stringify(READ_REPORTS));
    const added = await sts(ROOT, 'svcacct', 'add', 'gail', '--policy', join(dir, 'narrow.json'), '--name', 'backup');
    expect(added.json).toMatchObject({ status: 'success', accessKey: expect.stringMatching(/^[0-9A-Z]{20}$/), secretKey: expect.any(String) });
    const svc = { accessKeyId: added.json.accessKey, secretAccessKey: added.json.secretKey };
    expect((await sts(ROOT, 'svcacct', 'list', 'gail')).json.accounts).toEqual([expect.objectContaining({ accessKey: svc.accessKeyId, accountStatus: 'on', name: 'backup' })]);
    const info = (await sts(ROOT, 'svcacct', 'info', svc.accessKeyId)).json;
    expect(info).toMatchObject({ parentUser: 'gail', impliedPolicy: false, policy: READ_REPORTS });
    expect(JSON.stringify(info)).not.toContain(svc.secretAccessKey);
    const temporary = await assumeRole(svc);
    expect((await sts(ROOT, 'creds', 'info', temporary.accessKeyId)).json).toMatchObject({ parent: 'gail', impliedPolicy: false });
    expect((await sts(ROOT, 'svcacct', 'edit', svc.accessKeyId, '--status', 'off')).code).toBe(0);
    await expect(assumeRole(svc)).rejects.toMatchObject({ name: 'AccessDenied' });
    expect((await sts(ROOT, 'svcacct', 'remove', svc.accessKeyId)).code).toBe(0);
    expect((await sts(ROOT, 'svcacct', 'info', svc.accessKeyId)).json.error).toMatch(/^XMinioInvalidIAMCredentials: .*not found/);
  }, 180_000);

  it('lets temporary credentials of root use the admin API, as MinIO allows', async () => {
    const temporary = await assumeRole(ROOT);
    expect((await sts(temporary, 'policy', 'list')).json.policies).toEqual(expect.arrayContaining(['readonly', 'read-reports']));
  });
});
