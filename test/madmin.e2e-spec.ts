import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { decryptMadminBody, encryptMadminBody } from '#domain';
import { adminClient } from '../scripts/cli/admin-client.mjs';
import { buildMadminProgram, madminUnavailable } from '../scripts/lib/madmin-go.mjs';
import { startStack, TEST_ROOT_PASSWORD, TEST_ROOT_USER, waitFor, type Stack } from './support/stack.js';
import { s3Client } from './support/s3.js';
import { sdkClient } from './support/sts-http.js';

// MinIO's own admin client (madmin-go v2.0.7 from Debian) against the running stack: every call of
// /work/shared/reference/minio-admin-api.md §3.0 that we serve, encrypted bodies included.
const missing = madminUnavailable();
if (missing) console.log(`madmin e2e suite skipped: ${missing}`);
const suite = missing ? describe.skip : describe;

interface Keys { accessKey: string; secretKey: string; sessionToken?: string }
type Outcome = { result?: any; error?: { code: string; message: string } };
const ROOT: Keys = { accessKey: TEST_ROOT_USER, secretKey: TEST_ROOT_PASSWORD };
const READ_REPORTS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::reports/*'] }] };

let stack: Stack;
let dir: string;
let program: string;

beforeAll(async () => {
  if (missing) return;
  dir = mkdtempSync(join(tmpdir(), 'sts-madmin-'));
  program = buildMadminProgram('madmin-call', dir);
  stack = await startStack({ s3: true, env: { STS_AUDIT_OUTPUT: join(dir, 'audit.jsonl') } });
  const s3 = s3Client(stack.gateways[0], { accessKeyId: TEST_ROOT_USER, secretAccessKey: TEST_ROOT_PASSWORD });
  for (const Bucket of ['private', 'reports']) await s3.send(new CreateBucketCommand({ Bucket }));
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** One madmin call, signed by `keys`, through the Go client. */
function madmin(keys: Keys, op: string, ...args: string[]): Promise<Outcome> {
  const env = {
    ...process.env, MADMIN_ENDPOINT: new URL(stack.gateways[0]).host, MADMIN_ACCESS_KEY: keys.accessKey, MADMIN_SECRET_KEY: keys.secretKey, MADMIN_SESSION_TOKEN: keys.sessionToken ?? '',
  };
  return new Promise((resolve, reject) => {
    execFile(program, [op, ...args], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${op}: ${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout) as Outcome);
    });
  });
}

/** The call must succeed; its result. */
async function ok(keys: Keys, op: string, ...args: string[]): Promise<any> {
  const outcome = await madmin(keys, op, ...args);
  expect(outcome.error).toBeUndefined();
  return outcome.result;
}

const json = (value: unknown) => JSON.stringify(value);

/** Signed raw calls as madmin v3 makes them (its User-Agent), for the calls and shapes Debian's v2.0.7 lacks. */
const madminV3 = (keys: Keys) =>
  adminClient({ endpoint: stack.gateways[0], ...keys, region: '', userAgent: 'MinIO (linux; amd64) madmin-go/3.0.70 mc/RELEASE.2025-08-13T08-35-41Z' });

suite('madmin-go against the admin API', () => {
  it('decrypts what madmin encrypts and madmin decrypts what we encrypt, with random salts and nonces', async () => {
    const fromMadmin = await ok(ROOT, 'encrypt', 'pass-word-1', '{"secretKey":"x"}');
    expect((await decryptMadminBody('pass-word-1', Buffer.from(fromMadmin, 'hex'))).toString()).toBe('{"secretKey":"x"}');
    const ours = await encryptMadminBody('pass-word-1', Buffer.from('{"status":"enabled"}'));
    expect(await ok(ROOT, 'decrypt', 'pass-word-1', ours.toString('hex'))).toBe('{"status":"enabled"}');
    expect((await madmin(ROOT, 'decrypt', 'wrong-pass', ours.toString('hex'))).error?.message).toMatch(/not authentic/);
  }, 60_000);

  it('manages users: AddUser and SetUser with encrypted bodies, ListUsers encrypted, GetUserInfo, SetUserStatus, RemoveUser', async () => {
    await ok(ROOT, 'AddUser', 'alice', 'alice-secret-1');
    await ok(ROOT, 'SetUser', 'bob', 'bob-secret-1', 'disabled');
    expect(await ok(ROOT, 'GetUserInfo', 'alice')).toMatchObject({ status: 'enabled', updatedAt: expect.any(String) });
    const users = await ok(ROOT, 'ListUsers');
    expect(users).toMatchObject({ alice: { status: 'enabled' }, bob: { status: 'disabled' } });
    expect(users).not.toHaveProperty(TEST_ROOT_USER);
    await ok(ROOT, 'SetUserStatus', 'bob', 'enabled');
    expect((await ok(ROOT, 'GetUserInfo', 'bob')).status).toBe('enabled');
    await ok(ROOT, 'RemoveUser', 'bob');
    expect((await madmin(ROOT, 'GetUserInfo', 'bob')).error?.code).toBe('XMinioAdminNoSuchUser');
    expect((await madmin(ROOT, 'AddUser', 'carol', 'short')).error?.code).toBe('XMinioAdminInvalidSecretKey');
  }, 90_000);

  it('lets a user with consoleAdmin sign madmin calls, whose bodies are encrypted with that user\'s secret', async () => {
    await ok(ROOT, 'AddUser', 'admin2', 'admin2-secret-1');
    const admin2 = { accessKey: 'admin2', secretKey: 'admin2-secret-1' };
    expect((await madmin(admin2, 'ListUsers')).error?.code).toBe('AccessDenied');
    await ok(ROOT, 'SetPolicy', 'consoleAdmin', 'admin2', 'false');
    expect(await ok(admin2, 'GetUserInfo', 'admin2')).toMatchObject({ policyName: 'consoleAdmin' });
    await ok(admin2, 'AddUser', 'dave', 'dave-secret-1');
    expect(Object.keys(await ok(admin2, 'ListUsers'))).toEqual(expect.arrayContaining(['admin2', 'dave']));
    expect((await madmin({ accessKey: 'admin2', secretKey: 'not-the-secret' }, 'ListUsers')).error?.code).toBe('SignatureDoesNotMatch');
  }, 90_000);

  it('manages groups: UpdateGroupMembers (members null deletes), GetGroupDescription, ListGroups, SetGroupStatus', async () => {
    await ok(ROOT, 'AddUser', 'erin', 'erin-secret-1');
    await ok(ROOT, 'UpdateGroupMembers', json({ group: 'devs', members: ['erin'], isRemove: false }));
    await ok(ROOT, 'UpdateGroupMembers', json({ group: 'empty', members: null, isRemove: false }));
    expect(await ok(ROOT, 'ListGroups')).toEqual(expect.arrayContaining(['devs', 'empty']));
    await ok(ROOT, 'SetPolicy', 'readonly', 'devs', 'true');
    expect(await ok(ROOT, 'GetGroupDescription', 'devs')).toMatchObject({ name: 'devs', status: 'enabled', members: ['erin'], policy: 'readonly' });
    expect(await ok(ROOT, 'GetUserInfo', 'erin')).toMatchObject({ memberOf: ['devs'] });
    await ok(ROOT, 'SetGroupStatus', 'devs', 'disabled');
    expect(await ok(ROOT, 'GetGroupDescription', 'devs')).toMatchObject({ status: 'disabled', policy: '' });
    await ok(ROOT, 'SetGroupStatus', 'devs', 'enabled');
    expect((await madmin(ROOT, 'UpdateGroupMembers', json({ group: 'devs', members: null, isRemove: true }))).error?.code).toBe('XMinioAdminGroupNotEmpty');
    await ok(ROOT, 'UpdateGroupMembers', json({ group: 'devs', members: ['erin'], isRemove: true }));
    await ok(ROOT, 'UpdateGroupMembers', json({ group: 'devs', members: null, isRemove: true }));
    await ok(ROOT, 'UpdateGroupMembers', json({ group: 'empty', members: null, isRemove: true }));
    expect(await ok(ROOT, 'ListGroups')).not.toEqual(expect.arrayContaining(['devs']));
    expect((await madmin(ROOT, 'GetGroupDescription', 'devs')).error?.code).toBe('XMinioAdminNoSuchGroup');
  }, 90_000);

  it('manages policies: AddCannedPolicy, InfoCannedPolicy v1 and v2, ListCannedPolicies, RemoveCannedPolicy', async () => {
    await ok(ROOT, 'AddCannedPolicy', 'read-reports', json(READ_REPORTS));
    expect(await ok(ROOT, 'InfoCannedPolicy', 'read-reports')).toEqual(READ_REPORTS);
    expect(await ok(ROOT, 'InfoCannedPolicyV2', 'read-reports')).toMatchObject({ PolicyName: 'read-reports', Policy: READ_REPORTS, CreateDate: expect.any(String) });
    expect(await ok(ROOT, 'InfoCannedPolicyV2', 'readwrite')).toMatchObject({ PolicyName: 'readwrite', Policy: { Version: '2012-10-17' } });
    const all = await ok(ROOT, 'ListCannedPolicies');
    expect(all['read-reports']).toEqual(READ_REPORTS);
    expect(Object.keys(all)).toEqual(expect.arrayContaining(['readwrite', 'readonly', 'writeonly', 'diagnostics', 'consoleAdmin']));
    await ok(ROOT, 'AddCannedPolicy', 'scratch', json(READ_REPORTS));
    await ok(ROOT, 'RemoveCannedPolicy', 'scratch');
    expect((await madmin(ROOT, 'InfoCannedPolicy', 'scratch')).error?.code).toBe('XMinioAdminNoSuchPolicy');
  }, 90_000);

  it('maps policies: SetPolicy replaces, AttachPolicy / DetachPolicy (201 / 204) and the LDAP variants with encrypted answers', async () => {
    await ok(ROOT, 'AddUser', 'frank', 'frank-secret-1');
    await ok(ROOT, 'SetPolicy', 'readonly,diagnostics', 'frank', 'false');
    expect((await ok(ROOT, 'GetUserInfo', 'frank')).policyName).toBe('readonly,diagnostics');
    await ok(ROOT, 'AttachPolicy', json({ policies: ['writeonly'], user: 'frank' }));
    expect((await ok(ROOT, 'GetUserInfo', 'frank')).policyName).toBe('readonly,diagnostics,writeonly');
    await ok(ROOT, 'DetachPolicy', json({ policies: ['readonly', 'diagnostics'], user: 'frank' }));
    expect((await ok(ROOT, 'GetUserInfo', 'frank')).policyName).toBe('writeonly');
    await ok(ROOT, 'SetPolicy', '', 'frank', 'false');
    expect(await ok(ROOT, 'GetUserInfo', 'frank')).not.toHaveProperty('policyName');
    expect((await madmin(ROOT, 'AttachPolicy', json({ policies: ['no-such'], user: 'frank' }))).error?.code).toBe('XMinioAdminNoSuchPolicy');
    await ok(ROOT, 'SetPolicy', 'readonly', 'frank', 'false');
    const entities = await ok(ROOT, 'GetPolicyEntities', json({ Users: ['frank'], Policy: ['readonly'] }));
    expect(entities.userMappings).toEqual([{ user: 'frank', policies: ['readonly'] }]);
    expect(entities.policyMappings).toEqual([expect.objectContaining({ policy: 'readonly', users: expect.arrayContaining(['frank']) })]);
    expect(entities).not.toHaveProperty('groupMappings');
    const dn = 'uid=frank,ou=people,dc=example,dc=com';
    expect(await ok(ROOT, 'AttachPolicyLDAP', json({ policies: ['readonly'], user: dn }))).toMatchObject({ policiesAttached: ['readonly'] });
    const ldapEntities = await ok(ROOT, 'GetLDAPPolicyEntities', json({ Users: ['UID=frank, ou=people,dc=example,dc=com'] }));
    expect(ldapEntities.userMappings).toEqual([{ user: dn, policies: ['readonly'] }]);
    expect(await ok(ROOT, 'DetachPolicyLDAP', json({ policies: ['readonly'], user: dn }))).toMatchObject({ policiesDetached: ['readonly'] });
  }, 90_000);

  it('answers ServerInfo with one online server, as `mc admin info` needs, and only with admin:ServerInfo', async () => {
    const info = await ok(ROOT, 'ServerInfo');
    const endpoint = new URL(stack.gateways[0]).host;
    expect(info.servers).toEqual([expect.objectContaining({ state: 'online', endpoint, network: { [endpoint]: 'online' } })]);
    expect(info.backend).toEqual({ backendType: 'FS' });
    await ok(ROOT, 'AddUser', 'nobody', 'nobody-secret-1');
    expect((await madmin({ accessKey: 'nobody', secretKey: 'nobody-secret-1' }, 'ServerInfo')).error?.code).toBe('AccessDenied');
  }, 60_000);

  it('answers AccountInfo to any identity (root, user, service account, temporary credentials): its policy and the buckets it may read or write', async () => {
    const access = (info: any) => info.Buckets.map((b: any) => [b.name, b.access]);
    const root = await ok(ROOT, 'AccountInfo', 'prefix-usage');
    expect(root).toMatchObject({ AccountName: TEST_ROOT_USER, Server: { Type: 1 }, Policy: { Statement: expect.arrayContaining([expect.objectContaining({ Action: ['admin:*'] })]) } });
    expect(access(root)).toEqual([['private', { read: true, write: true }], ['reports', { read: true, write: true }]]);

    await ok(ROOT, 'AddUser', 'kate', 'kate-secret-1');
    const kate = { accessKey: 'kate', secretKey: 'kate-secret-1' };
    expect(await ok(kate, 'AccountInfo')).toMatchObject({ AccountName: 'kate', Policy: { Statement: [] }, Buckets: [] });
    const lister = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetObject'], Resource: ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/*'] }] };
    await ok(ROOT, 'AddCannedPolicy', 'reports-lister', json(lister));
    await ok(ROOT, 'SetPolicy', 'reports-lister', 'kate', 'false');
    const info = await ok(kate, 'AccountInfo');
    expect(info.Policy.Statement).toEqual([expect.objectContaining({ Action: expect.arrayContaining(['s3:ListBucket']) })]);
    expect(access(info)).toEqual([['reports', { read: true, write: false }]]);
    expect(info.Buckets[0]).toMatchObject({ size: 0, objects: 0, created: expect.stringMatching(/^20\d\d-/) });

    const svc = await ok(ROOT, 'AddServiceAccount', json({ targetUser: 'kate' }));
    expect(access(await ok(svc, 'AccountInfo'))).toEqual([['reports', { read: true, write: false }]]);
    expect((await ok(svc, 'AccountInfo')).AccountName).toBe('kate');
    await ok(ROOT, 'SetPolicy', 'readwrite', 'kate', 'false');
    const { Credentials } = await sdkClient(stack.gateways[0], { accessKeyId: 'kate', secretAccessKey: 'kate-secret-1' })
      .send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::123456789012:role/app', RoleSessionName: 'account', Policy: json(lister) }));
    const temporary = { accessKey: Credentials!.AccessKeyId!, secretKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
    const narrowed = await ok(temporary, 'AccountInfo');
    expect(narrowed).toMatchObject({
      AccountName: 'kate', Policy: { Statement: [{ Effect: 'Allow', Action: expect.arrayContaining(lister.Statement[0].Action), Resource: lister.Statement[0].Resource }] },
    });
    expect(access(narrowed)).toEqual([['reports', { read: true, write: false }]]);
    expect(access(await ok(svc, 'AccountInfo'))).toEqual([['private', { read: true, write: true }], ['reports', { read: true, write: true }]]);
  }, 90_000);

  it('describes a temporary account (TemporaryAccountInfo, encrypted) with its parent\'s policy', async () => {
    await ok(ROOT, 'AddUser', 'gina', 'gina-secret-1');
    await ok(ROOT, 'SetPolicy', 'readonly', 'gina', 'false');
    const { Credentials } = await sdkClient(stack.gateways[0], { accessKeyId: 'gina', secretAccessKey: 'gina-secret-1' })
      .send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::123456789012:role/app', RoleSessionName: 'madmin' }));
    const info = await ok(ROOT, 'TemporaryAccountInfo', Credentials!.AccessKeyId!);
    expect(info).toMatchObject({ parentUser: 'gina', accountStatus: 'on', impliedPolicy: true });
    expect(JSON.parse(info.policy).Statement[0].Action).toEqual(expect.arrayContaining(['s3:GetObject']));
  }, 90_000);

  it('manages service accounts that sign admin calls and AssumeRole within their parent\'s rights, narrowed by their policy', async () => {
    await ok(ROOT, 'AddUser', 'hank', 'hank-secret-1');
    await ok(ROOT, 'SetPolicy', 'consoleAdmin', 'hank', 'false');
    const narrow = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['admin:ListUsers', 'admin:GetUser', 'sts:AssumeRole'], Resource: ['arn:aws:s3:::*'] }] };
    const created = await ok(ROOT, 'AddServiceAccount', json({ targetUser: 'hank', accessKey: 'hank-svc', secretKey: 'hank-svc-secret', policy: narrow, comment: 'ci' }));
    expect(created).toMatchObject({ accessKey: 'hank-svc', secretKey: 'hank-svc-secret' });
    expect(await ok(ROOT, 'ListServiceAccounts', 'hank')).toEqual({ accounts: ['hank-svc'] });
    // Current mc (madmin v3, which names its version) decodes objects; the answer is encrypted all the same.
    expect(await madminV3(ROOT)('GET', 'list-service-accounts', { user: 'hank' })).toEqual({
      accounts: [{ parentUser: 'hank', accountStatus: 'on', impliedPolicy: false, accessKey: 'hank-svc' }],
    });
    const info = await ok(ROOT, 'InfoServiceAccount', 'hank-svc');
    expect(info).toMatchObject({ parentUser: 'hank', accountStatus: 'on', impliedPolicy: false, comment: 'ci' });
    expect(JSON.parse(info.policy).Statement[0].Action).toEqual(expect.arrayContaining(['admin:ListUsers']));

    const svc = { accessKey: 'hank-svc', secretKey: 'hank-svc-secret' };
    expect(Object.keys(await ok(svc, 'ListUsers'))).toContain('hank');
    expect((await madmin(svc, 'AddUser', 'ivan', 'ivan-secret-1')).error?.code).toBe('AccessDenied');
    const sdk = (keys: Keys) => sdkClient(stack.gateways[0], { accessKeyId: keys.accessKey, secretAccessKey: keys.secretKey });
    expect((await sdk(svc).send(new GetCallerIdentityCommand({}))).Arn).toBe('arn:aws:iam::000000000000:user/hank');
    const { Credentials } = await sdk(svc).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/ci', RoleSessionName: 'svc' }));
    const temporary = await ok(ROOT, 'TemporaryAccountInfo', Credentials!.AccessKeyId!);
    expect(temporary).toMatchObject({ parentUser: 'hank', impliedPolicy: false });
    // madmin v3's access-key listings (no Debian client has them): signed raw calls, encrypted answers.
    expect(await madminV3(ROOT)('GET', 'list-access-keys-bulk', { listType: 'all', users: 'hank' })).toEqual({
      hank: {
        serviceAccounts: [expect.objectContaining({ accessKey: 'hank-svc', parentUser: 'hank', accountStatus: 'on', impliedPolicy: false })],
        stsKeys: [expect.objectContaining({ accessKey: Credentials!.AccessKeyId, parentUser: 'hank', impliedPolicy: false })],
      },
    });
    expect(await madminV3(ROOT)('GET', 'list-access-keys-bulk', { all: 'true', listType: 'sts-only' })).toMatchObject({ hank: { serviceAccounts: [] } });
    const dn = 'uid=nobody,ou=people,dc=example,dc=com';
    expect(await madminV3(ROOT)('GET', 'idp/ldap/list-access-keys', { listType: 'svcacc-only', userDN: dn })).toEqual({ serviceAccounts: [], stsKeys: [] });
    await expect(madminV3({ accessKey: 'nobody', secretKey: 'nobody-secret-1' })('GET', 'list-access-keys-bulk', { listType: 'all', users: 'hank' }))
      .rejects.toMatchObject({ status: 403, code: 'AccessDenied' });

    await ok(ROOT, 'UpdateServiceAccount', 'hank-svc', json({ newStatus: 'off' }));
    expect((await madmin(svc, 'ListUsers')).error?.code).toBe('InvalidAccessKeyId');
    await ok(ROOT, 'UpdateServiceAccount', 'hank-svc', json({ newStatus: 'on', newSecretKey: 'hank-svc-secret-2' }));
    const rotated = { accessKey: 'hank-svc', secretKey: 'hank-svc-secret-2' };
    expect((await ok(ROOT, 'InfoServiceAccount', 'hank-svc')).impliedPolicy).toBe(false);
    expect(Object.keys(await ok(rotated, 'ListUsers'))).toContain('hank');
    await ok(ROOT, 'SetUserStatus', 'hank', 'disabled');
    expect((await madmin(rotated, 'ListUsers')).error?.code).toBe('InvalidAccessKeyId');
    await ok(ROOT, 'SetUserStatus', 'hank', 'enabled');

    const generated = await ok(ROOT, 'AddServiceAccount', json({}));
    expect(generated.accessKey).toMatch(/^[0-9A-Z]{20}$/);
    expect(await ok(ROOT, 'InfoServiceAccount', generated.accessKey)).toMatchObject({ parentUser: TEST_ROOT_USER, impliedPolicy: true });
    await ok(ROOT, 'DeleteServiceAccount', generated.accessKey);
    expect((await madmin(ROOT, 'InfoServiceAccount', generated.accessKey)).error?.code).toBe('XMinioInvalidIAMCredentials');

    await ok(ROOT, 'RemoveUser', 'hank');
    expect(await ok(ROOT, 'ListServiceAccounts', 'hank')).toEqual({ accounts: null });
    expect((await madmin(rotated, 'ListUsers')).error?.code).toBe('InvalidAccessKeyId');

    const audited = () => readFileSync(join(dir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const changes = (accessKey: string) => audited().filter((e) => e.accessKey === accessKey && e.outcome === 'changed').map((e) => e.action);
    await waitFor(() => changes(generated.accessKey).length === 2, 10_000);
    expect(changes('hank-svc')).toEqual(['admin:CreateServiceAccount', 'admin:UpdateServiceAccount', 'admin:UpdateServiceAccount']);
    expect(changes(generated.accessKey)).toEqual(['admin:CreateServiceAccount', 'admin:RemoveServiceAccount']);
    expect(readFileSync(join(dir, 'audit.jsonl'), 'utf8')).not.toContain('hank-svc-secret');
    expect(readFileSync(join(dir, 'audit.jsonl'), 'utf8')).not.toContain(generated.secretKey);
  }, 120_000);
});
