// Issue 11: the privilege escalations found by attack, each replayed against real processes.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { signSigV4 } from '#domain';
import { keysOf, ldapForm } from './support/ldap-http.js';
import { dnOf, ldapEnv, PASSWORDS, startTestDirectory, type TestDirectory } from './support/ldap-fixture.js';
import { startStack, TEST_ROOT_PASSWORD, TEST_ROOT_USER, type Stack } from './support/stack.js';
import { post, sdkClient, stsError, type HttpReply, type Keys } from './support/sts-http.js';

const ROOT: Keys = { accessKeyId: TEST_ROOT_USER, secretAccessKey: TEST_ROOT_PASSWORD };
const ROLE = { RoleArn: 'arn:aws:iam::123456789012:role/app', RoleSessionName: 'hardening' };
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

let dir: string;
let directory: TestDirectory;
let stack: Stack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sts-hardening-'));
  directory = await startTestDirectory(dir);
  stack = await startStack({ replicas: { 'api-gateway': 2 }, env: ldapEnv(directory) });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  await directory?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface CliResult { code: number; json: any }

/** The admin CLI with --json, signed by `keys` (temporary ones too). */
function sts(keys: Keys, ...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const env = { ...process.env, STS_ENDPOINT: stack.gateways[0], STS_ACCESS_KEY: keys.accessKeyId, STS_SECRET_KEY: keys.secretAccessKey, STS_SESSION_TOKEN: keys.sessionToken ?? '' };
    const child = spawn(process.execPath, ['scripts/sts.mjs', ...args, '--json'], { env });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('close', (code) => resolve({ code: code ?? 1, json: stdout ? JSON.parse(stdout) : undefined }));
  });
}

const ok = async (keys: Keys, ...args: string[]) => {
  const result = await sts(keys, ...args);
  expect({ args, code: result.code, json: result.json }).toMatchObject({ code: 0 });
  return result.json;
};
const deniedCode = async (keys: Keys, ...args: string[]) => {
  const result = await sts(keys, ...args);
  expect(result.code).not.toBe(0);
  return String(result.json?.error ?? '');
};

async function policyFor(user: string, name: string, ...statements: object[]): Promise<void> {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ Version: '2012-10-17', Statement: statements }));
  await ok(ROOT, 'policy', 'create', name, file);
  await ok(ROOT, 'policy', 'attach', name, '--user', user);
}

async function userWith(user: string, ...policies: string[]): Promise<Keys> {
  await ok(ROOT, 'user', 'add', user, `${user}-secret-1`);
  if (policies.length > 0) await ok(ROOT, 'policy', 'attach', ...policies, '--user', user);
  return { accessKeyId: user, secretAccessKey: `${user}-secret-1` };
}

async function assumeRole(keys: Keys, DurationSeconds = 900): Promise<Keys> {
  const { Credentials } = await sdkClient(stack.gateways[1], keys).send(new AssumeRoleCommand({ ...ROLE, DurationSeconds }));
  return { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
}

/** A signed request whose query string is sent exactly as given (repeated keys in a chosen order). */
async function signedRaw(keys: Keys, method: string, path: string, signedQuery: string, sentQuery: string, service: string, body = ''): Promise<HttpReply> {
  const url = new URL(stack.gateways[0]);
  const headers = signSigV4({ method, host: url.host, path, query: signedQuery, body, headers: body ? FORM : {} }, {
    accessKey: keys.accessKeyId, secretKey: keys.secretAccessKey, region: 'us-east-1', service, now: new Date(),
  });
  delete headers.host;
  const response = await fetch(new URL(`${path}?${sentQuery}`, url), { method, headers, body: body || undefined });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

describe('admin authorization with the request context (case 1)', () => {
  it.each([
    ['IpAddress aws:SourceIp 0.0.0.0/0, ::/0', { IpAddress: { 'aws:SourceIp': ['0.0.0.0/0', '::/0'] } }],
    ['Bool aws:SecureTransport false', { Bool: { 'aws:SecureTransport': 'false' } }],
    ['StringLike aws:username cond-*', { StringLike: { 'aws:username': 'cond-*' } }],
  ])('refuses add-user and attach under Deny with %s beside Allow admin:*', async (name, condition) => {
    const user = `cond-${name.split(' ')[0].toLowerCase()}`;
    const keys = await userWith(user);
    await policyFor(user, `${user}-guard`, { Effect: 'Allow', Action: ['admin:*'] },
      { Effect: 'Deny', Action: ['admin:CreateUser', 'admin:AttachUserOrGroupPolicy'], Condition: condition });
    expect(await deniedCode(keys, 'user', 'add', `${user}-x`, 'some-secret-1')).toMatch(/^AccessDenied/);
    expect(await deniedCode(keys, 'policy', 'attach', 'consoleAdmin', '--user', user)).toMatch(/^AccessDenied/);
    expect((await ok(keys, 'user', 'list')).users.length).toBeGreaterThan(0);
  });
});

describe('resource-scoped Deny reaches admin actions as in MinIO (case 2)', () => {
  it('refuses add-user and rotate-signing-key to consoleAdmin + Deny NotAction s3:GetObject on arn:aws:s3:::*', async () => {
    const keys = await userWith('fenced', 'consoleAdmin');
    expect((await ok(keys, 'user', 'list')).users.length).toBeGreaterThan(0);
    await policyFor('fenced', 'fence', { Effect: 'Deny', NotAction: ['s3:GetObject'], Resource: ['arn:aws:s3:::*'] });
    expect(await deniedCode(keys, 'user', 'add', 'fenced-x', 'some-secret-1')).toMatch(/^AccessDenied/);
    expect(await deniedCode(keys, 'keys', 'rotate')).toMatch(/^AccessDenied/);
  });
});

describe('secret changes (case 4)', () => {
  it('revokes the old temporary credentials on a secret change, never lets a temporary credential change its parent, and lets a policy fence targets', async () => {
    const boss = await userWith('boss', 'consoleAdmin');
    const bossTemporary = await assumeRole(boss);
    for (const gateway of stack.gateways) await sdkClient(gateway, bossTemporary).send(new GetCallerIdentityCommand({}));
    // A temporary credential can never change its own parent's secret or status.
    expect(await deniedCode(bossTemporary, 'user', 'add', 'boss', 'stolen-secret-1')).toMatch(/^AccessDenied.*derive from/);
    expect(await deniedCode(bossTemporary, 'user', 'disable', 'boss')).toMatch(/^AccessDenied/);

    const helpdesk = await userWith('helpdesk');
    await policyFor('helpdesk', 'helpdesk-users', { Effect: 'Allow', Action: ['admin:CreateUser'] },
      { Effect: 'Deny', Action: ['admin:CreateUser'], Condition: { StringEquals: { 'admin:TargetUser': ['boss'] } } });
    expect(await deniedCode(helpdesk, 'user', 'add', 'boss', 'taken-over-1')).toMatch(/^AccessDenied/);
    await ok(helpdesk, 'user', 'add', 'intern', 'intern-secret-1');

    await ok(ROOT, 'user', 'add', 'boss', 'boss-secret-2');
    for (const gateway of stack.gateways) {
      await expect(sdkClient(gateway, bossTemporary).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
    }
    await expect(assumeRole(boss)).rejects.toMatchObject({ name: expect.stringMatching(/AccessDenied|SignatureDoesNotMatch|InvalidClientTokenId/) });
    await assumeRole({ accessKeyId: 'boss', secretAccessKey: 'boss-secret-2' });
  });
});

describe('parameter tampering under a valid signature (case 5)', () => {
  it('refuses a repeated DurationSeconds signed in one order and sent in the other', async () => {
    const signed = 'Action=AssumeRole&DurationSeconds=31536000&DurationSeconds=900&RoleArn=arn%3Ax&RoleSessionName=s&Version=2011-06-15';
    const sent = 'Action=AssumeRole&DurationSeconds=900&DurationSeconds=31536000&RoleArn=arn%3Ax&RoleSessionName=s&Version=2011-06-15';
    const reply = await signedRaw(ROOT, 'POST', '/', signed, sent, 'sts');
    expect(reply.status).toBe(400);
    expect(stsError(reply.body)).toMatchObject({ code: 'InvalidParameterValue', message: expect.stringContaining('DurationSeconds') });
    const form = await post(stack.gateways[0], 'Action=AssumeRole&Version=2011-06-15&DurationSeconds=900&DurationSeconds=31536000', FORM);
    expect(stsError(form.body)).toMatchObject({ code: 'InvalidParameterValue' });
  });

  it('refuses a repeated accessKey on an admin route', async () => {
    const reply = await signedRaw(ROOT, 'GET', '/minio/admin/v3/user-info', 'accessKey=boss&accessKey=intern', 'accessKey=intern&accessKey=boss', 's3');
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toMatchObject({ Code: 'InvalidParameterValue' });
  });
});

describe('deleting attached policies (case 6)', () => {
  it('refuses to delete an attached policy naming where, and --force detaches it so a new one re-grants nobody', async () => {
    await userWith('reader');
    await policyFor('reader', 'reports', { Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::reports/*'] });
    expect(await deniedCode(ROOT, 'policy', 'delete', 'reports')).toMatch(/^InvalidParameterValue: .*in use.*user reader/);
    expect((await ok(ROOT, 'user', 'info', 'reader')).policies).toEqual(['reports']);
    await ok(ROOT, 'policy', 'delete', 'reports', '--force');
    expect((await ok(ROOT, 'user', 'info', 'reader')).policies).toEqual([]);
    const file = join(dir, 'reports-again.json');
    writeFileSync(file, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['admin:*'] }] }));
    await ok(ROOT, 'policy', 'create', 'reports', file);
    expect(await deniedCode({ accessKeyId: 'reader', secretAccessKey: 'reader-secret-1' }, 'user', 'list')).toMatch(/^AccessDenied/);
  });
});

describe('revocation names (case 7)', () => {
  it('revokes by a DN typed with other case and spacing, and by a provider in capitals', async () => {
    await ok(ROOT, 'policy', 'attach', 'readonly', '--ldap-user', dnOf('bob'));
    const login = async () => {
      const reply = await post(stack.gateways[0], ldapForm('bob', PASSWORDS.bob), FORM);
      expect(reply.status).toBe(200);
      return keysOf(reply.body);
    };
    const [first, second] = [await login(), await login()];
    const typed = dnOf('bob').replace('uid=', 'UID=').replaceAll(',', ', ');
    expect((await ok(ROOT, 'creds', 'list', '--user', typed)).credentials.map((c: { accessKey: string }) => c.accessKey).sort())
      .toEqual([first.accessKeyId, second.accessKeyId].sort());
    expect((await ok(ROOT, 'creds', 'revoke', '--user', typed)).revoked).toBe(2);
    await login();
    expect((await ok(ROOT, 'creds', 'revoke', '--provider', 'LDAP')).revoked).toBe(1);
    expect(await deniedCode(ROOT, 'creds', 'list', '--provider', 'kerberos')).toMatch(/^InvalidParameterValue/);
  });
});

describe('root-derived credentials (case 3)', () => {
  it('stop working for the admin API once the stack restarts with another MINIO_ROOT_USER', async () => {
    const yearLong = await assumeRole(ROOT, 31536000);
    await ok(yearLong, 'user', 'add', 'before-change', 'some-secret-1');
    const issuer = stack.apps.find((a) => a.app === 'credential-issuer')!;
    await stack.stopApp(issuer);
    stack.env = { ...stack.env, MINIO_ROOT_USER: 'newroot', MINIO_ROOT_PASSWORD: 'newroot-secret-123' };
    await stack.startApp('credential-issuer');
    expect(await deniedCode(yearLong, 'user', 'add', 'after-change', 'some-secret-1')).toMatch(/^InvalidClientTokenId/);
    await ok({ accessKeyId: 'newroot', secretAccessKey: 'newroot-secret-123' }, 'user', 'info', 'before-change');
  });
});
