import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { claimsOf, keysOf, ldapForm, postFrom, sts } from './support/ldap-http.js';
import { dnOf, groupDn, ldapEnv, PASSWORDS, startTestDirectory, type TestDirectory } from './support/ldap-fixture.js';
import { startStack, TEST_ROOT_PASSWORD, TEST_ROOT_USER, type Stack } from './support/stack.js';
import { post, sdkClient, stsError, xmlField, type HttpReply } from './support/sts-http.js';

const ROOT = { accessKeyId: TEST_ROOT_USER, secretAccessKey: TEST_ROOT_PASSWORD };
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const WRONG = 'Wr0ng-Guess-1s-Not-Logged';
const LIMITS = { STS_LDAP_MAX_FAILURES_PER_USER: '3', STS_LDAP_MAX_FAILURES_PER_CLIENT: '30', STS_LDAP_FAILURE_WINDOW_SECONDS: '120' };

let dir: string;
let directory: TestDirectory;
let stack: Stack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sts-ldap-e2e-'));
  directory = await startTestDirectory(dir);
  stack = await startStack({ replicas: { 'ldap-verifier': 2 }, env: { ...ldapEnv(directory), ...LIMITS } });
  const attached = await Promise.all([
    sts(stack.gateways[0], ROOT, 'policy', 'attach', 'diagnostics', '--ldap-user', dnOf('alice')),
    sts(stack.gateways[0], ROOT, 'policy', 'attach', 'readwrite', '--ldap-user', `UID=carol, ${dnOf('carol').split(',').slice(1).join(',')}`),
    sts(stack.gateways[0], ROOT, 'policy', 'attach', 'writeonly', '--ldap-group', groupDn('admins')),
    sts(stack.gateways[0], ROOT, 'policy', 'attach', 'readonly', '--ldap-group', groupDn('devs')),
  ]);
  expect(attached.map((r) => r.code)).toEqual([0, 0, 0, 0]);
  // slapd, a stack with two LDAP verifiers and four CLI runs: over 60 s at load average 20+ on two cores.
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await directory?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const login = (username: string, password: string, extra: Record<string, string> = {}) => post(stack.gateways[0], ldapForm(username, password, extra), FORM);
const policiesOf = async (reply: HttpReply) => (await sts(stack.gateways[0], ROOT, 'creds', 'info', keysOf(reply.body).accessKeyId)).json;
const ldapVerifiers = () => stack.apps.filter((a) => a.app === 'ldap-verifier');

async function restartVerifiers(env: Record<string, string>): Promise<void> {
  await Promise.all(ldapVerifiers().map((handle) => stack.stopApp(handle)));
  stack.env = { ...stack.env, ...env };
  const started = await Promise.allSettled([stack.startApp('ldap-verifier'), stack.startApp('ldap-verifier')]);
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}

describe('AssumeRoleWithLDAPIdentity against slapd', () => {
  it('issues with the union of user-DN and group-DN policies, and GetCallerIdentity accepts the credentials', async () => {
    const reply = await login('alice', PASSWORDS.alice);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<AssumeRoleWithLDAPIdentityResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><AssumeRoleWithLDAPIdentityResult><Credentials><AccessKeyId>[0-9A-Z]{20}<\/AccessKeyId><SecretAccessKey>.{40}<\/SecretAccessKey><SessionToken>[\w-]+\.[\w-]+\.[\w-]+<\/SessionToken><Expiration>[\dT:-]+Z<\/Expiration><\/Credentials><\/AssumeRoleWithLDAPIdentityResult><ResponseMetadata><RequestId>[0-9A-F]+<\/RequestId><\/ResponseMetadata><\/AssumeRoleWithLDAPIdentityResponse>$/);
    const keys = keysOf(reply.body);
    expect(await policiesOf(reply)).toMatchObject({ parent: dnOf('alice'), provider: 'ldap', policies: ['diagnostics', 'writeonly', 'readonly'] });
    expect(claimsOf(keys.sessionToken!)).toMatchObject({ ldapUser: dnOf('alice'), ldapActualUser: dnOf('alice'), ldapUsername: 'alice', ldapAttrib_mail: ['alice@example.com'] });
    const identity = await sdkClient(stack.gateways[0], keys).send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe(`arn:aws:sts::000000000000:assumed-role/${dnOf('alice')}/${keys.accessKeyId}`);
  });

  it('issues on a user-DN policy alone (attached with a differently written DN), from query parameters', async () => {
    const reply = await post(stack.gateways[0], '', FORM, `/?${ldapForm('carol', PASSWORDS.carol, { DurationSeconds: '900' })}`);
    expect(reply.status).toBe(200);
    expect((await policiesOf(reply)).policies).toEqual(['readwrite']);
    expect(Date.parse(xmlField(reply.body, 'Expiration')!) - Date.now()).toBeLessThanOrEqual(900_000);
  });

  it('issues to a user with a non-ASCII name through its group', async () => {
    const reply = await login('józef', PASSWORDS['józef']);
    expect(reply.status).toBe(200);
    expect((await policiesOf(reply)).policies).toEqual(['readonly']);
  });

  it('refuses a user without any policy with MinIO message', async () => {
    const reply = await login('dave', PASSWORDS.dave);
    expect(stsError(reply.body)).toMatchObject({ code: 'InvalidParameterValue', message: `expecting a policy to be set for user \`${dnOf('dave')}\` or one of their groups: \`\` - rejecting this request` });
  });

  it.each([
    ['a wrong password', 'alice', WRONG],
    ['an unknown user', 'mallory', WRONG],
    ['two users matching the filter', 'twin', PASSWORDS.twin],
    ['a wildcard that would match alice', 'al*', PASSWORDS.alice],
    ['a lone wildcard', '*', PASSWORDS.alice],
    ['a filter break-out', 'alice)(uid=*', PASSWORDS.alice],
    ['a backslash', 'alice\\', PASSWORDS.alice],
    ['a NUL byte', 'alice\0', PASSWORDS.alice],
  ])('refuses %s with 400 InvalidParameterValue', async (_case, username, password) => {
    const reply = await login(username, password);
    expect(reply.status).toBe(400);
    expect(stsError(reply.body)).toMatchObject({ code: 'InvalidParameterValue', message: 'LDAP authentication failed' });
  });

  it.each([['password', 'alice', ''], ['username', '', PASSWORDS.alice]])('refuses an empty %s with MissingParameter before anything else', async (_name, username, password) => {
    const reply = await login(username, password, { DurationSeconds: 'bogus' });
    expect(reply.status).toBe(400);
    expect(stsError(reply.body)).toMatchObject({ code: 'MissingParameter', message: 'LDAPUsername and LDAPPassword cannot be empty' });
  });
});

describe('failed-login limits', () => {
  it('engage for a username on every replica, refusing even the right password', async () => {
    for (let i = 0; i < 3; i++) expect(stsError((await login('bob', WRONG)).body).code).toBe('InvalidParameterValue');
    for (let i = 0; i < 16; i++) {
      const reply = await login('BOB', PASSWORDS.bob);
      expect({ status: reply.status, ...stsError(reply.body) }).toMatchObject({ status: 403, code: 'AccessDenied', message: 'Too many failed LDAP logins; please retry later.' });
    }
    for (const verifier of ldapVerifiers()) expect(readFileSync(verifier.logFile!, 'utf8')).toMatch(/LDAP request \w+ throttled/);
    expect((await login('carol', PASSWORDS.carol)).status).toBe(200);
  }, 20_000);

  it('engage for a client address, whatever the usernames, and spare other addresses', async () => {
    for (let i = 0; i < 30; i++) expect((await postFrom('127.0.0.2', stack.gateways[0], ldapForm(`ghost-${i}`, WRONG))).status).toBe(400);
    expect(stsError((await postFrom('127.0.0.2', stack.gateways[0], ldapForm('carol', PASSWORDS.carol))).body).code).toBe('AccessDenied');
    expect((await login('carol', PASSWORDS.carol)).status).toBe(200);
  }, 20_000);

  it('never writes a password to any log', () => {
    const logs = readdirSync(stack.dir).filter((f) => f.endsWith('.log')).map((f) => readFileSync(join(stack.dir, f), 'utf8')).join('\n');
    for (const password of [WRONG, ...Object.values(PASSWORDS)]) expect(logs).not.toContain(password);
  });
});

describe('the directory and its transport', () => {
  it('answers a stopped directory fast with 503, and recovers when it is back', async () => {
    await directory.stop();
    const started = Date.now();
    const reply = await login('alice', PASSWORDS.alice);
    expect({ status: reply.status, code: stsError(reply.body).code }).toEqual({ status: 503, code: 'ServiceUnavailable' });
    expect(Date.now() - started).toBeLessThan(3000);
    await directory.restart();
    expect((await login('alice', PASSWORDS.alice)).status).toBe(200);
  }, 20_000);

  it.each([
    ['StartTLS', () => ({ MINIO_IDENTITY_LDAP_SERVER_INSECURE: 'off', MINIO_IDENTITY_LDAP_SERVER_STARTTLS: 'on' })],
    ['LDAPS', () => ({ MINIO_IDENTITY_LDAP_SERVER_STARTTLS: 'off', MINIO_IDENTITY_LDAP_SERVER_ADDR: `127.0.0.1:${directory.tlsPort}` })],
  ])('logs in over %s with a certificate the test generated', async (_mode, env) => {
    await restartVerifiers(env());
    const reply = await login('alice', PASSWORDS.alice);
    expect(reply.status).toBe(200);
  }, 30_000);

  it('refuses to start against a directory whose certificate it does not trust, naming the variable', async () => {
    await expect(restartVerifiers({ STS_LDAP_TLS_CA_FILE: '' })).rejects.toThrow(/MINIO_IDENTITY_LDAP_SERVER_ADDR: .*certificate/);
  }, 30_000);

  it('answers as MinIO when LDAP is not configured', async () => {
    await restartVerifiers({ MINIO_IDENTITY_LDAP_SERVER_ADDR: '' });
    expect(stsError((await login('alice', PASSWORDS.alice)).body)).toMatchObject({ code: 'InvalidParameterValue', message: 'LDAP server error: ldap is not configured' });
  }, 30_000);
});
