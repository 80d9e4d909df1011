import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { connectEtcd } from '#infra-etcd';
import { startStack, TEST_ROOT_PASSWORD, TEST_ROOT_USER, waitFor, type Stack } from './support/stack.js';
import { sdkClient, signedFormPost, stsError, type Keys } from './support/sts-http.js';

const ROOT: Keys = { accessKeyId: TEST_ROOT_USER, secretAccessKey: TEST_ROOT_PASSWORD };
const dir = mkdtempSync(join(tmpdir(), 'sts-revocation-'));
const auditFile = join(dir, 'audit.jsonl');
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ replicas: { 'api-gateway': 3 }, env: { STS_AUDIT_OUTPUT: auditFile } });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function sts(...args: string[]): Promise<{ code: number; json: any }> {
  return new Promise((resolve) => {
    const env = { ...process.env, STS_ENDPOINT: stack.gateways[0], STS_ACCESS_KEY: ROOT.accessKeyId, STS_SECRET_KEY: ROOT.secretAccessKey };
    const child = spawn(process.execPath, ['scripts/sts.mjs', ...args, '--json'], { env });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('close', (code) => resolve({ code: code ?? 1, json: stdout ? JSON.parse(stdout) : undefined }));
  });
}

async function issue(keys: Keys, gateway = 0, tokenRevokeType?: string): Promise<Keys> {
  const body = `Action=AssumeRole&Version=2011-06-15&DurationSeconds=900${tokenRevokeType ? `&TokenRevokeType=${tokenRevokeType}` : ''}`;
  const reply = await signedFormPost(stack.gateways[gateway], keys, body);
  expect(reply.status).toBe(200);
  const field = (name: string) => reply.body.match(new RegExp(`<${name}>([^<]*)</${name}>`))![1];
  return { accessKeyId: field('AccessKeyId'), secretAccessKey: field('SecretAccessKey'), sessionToken: field('SessionToken') };
}

const callerIdentityStatus = async (gateway: string, keys: Keys) =>
  (await signedFormPost(gateway, keys, 'Action=GetCallerIdentity&Version=2011-06-15')).status;

/** Every gateway has the credential cached, then every gateway refuses it right after the revoke reply. */
async function expectRevokedEverywhere(victims: Keys[], bystanders: Keys[], revoke: () => Promise<unknown>): Promise<void> {
  for (const gateway of stack.gateways) for (const keys of [...victims, ...bystanders]) expect(await callerIdentityStatus(gateway, keys)).toBe(200);
  await revoke();
  for (const gateway of stack.gateways) {
    for (const keys of victims) {
      const reply = await signedFormPost(gateway, keys, 'Action=GetCallerIdentity&Version=2011-06-15');
      expect({ status: reply.status, code: stsError(reply.body).code }).toEqual({ status: 403, code: 'InvalidClientTokenId' });
    }
    for (const keys of bystanders) expect(await callerIdentityStatus(gateway, keys)).toBe(200);
  }
}

describe('revocation', () => {
  it('revokes one access key on every gateway', async () => {
    const [victim, bystander] = [await issue(ROOT), await issue(ROOT)];
    await expectRevokedEverywhere([victim], [bystander], async () => expect((await sts('creds', 'revoke', victim.accessKeyId)).json).toMatchObject({ revoked: 1 }));
  });

  it('revokes every credential of a parent of one TokenRevokeType, then all of that parent', async () => {
    await sts('user', 'add', 'gina', 'gina-secret-1');
    const gina = { accessKeyId: 'gina', secretAccessKey: 'gina-secret-1' };
    const [ci1, ci2, web] = [await issue(gina, 0, 'ci'), await issue(gina, 1, 'ci'), await issue(gina, 2, 'web')];
    await expectRevokedEverywhere([ci1, ci2], [web], () => sts('creds', 'revoke', '--user', 'gina', '--type', 'ci'));
    await expectRevokedEverywhere([web], [], () => sts('creds', 'revoke', '--user', 'gina'));
  });

  it('revokes by provider and everything', async () => {
    await sts('user', 'add', 'hank', 'hank-secret-1');
    const [builtin, root] = [await issue({ accessKeyId: 'hank', secretAccessKey: 'hank-secret-1' }), await issue(ROOT)];
    await expectRevokedEverywhere([builtin], [root], () => sts('creds', 'revoke', '--provider', 'builtin'));
    await expectRevokedEverywhere([root], [], () => sts('creds', 'revoke', '--all'));
    expect((await sts('creds', 'list')).json.credentials).toEqual([]);
  });

  it('drops a credential whose record vanished from etcd without any event (the watch backstop)', async () => {
    const [victim, bystander] = [await issue(ROOT), await issue(ROOT)];
    const etcd = connectEtcd({ endpoints: [stack.etcdEndpoint], prefix: '', timeoutMs: 3000, auth: stack.etcdAuth });
    try {
      await expectRevokedEverywhere([victim], [bystander], async () => {
        await etcd.client.delete().key(`sts/credentials/${victim.accessKeyId}`).exec();
        await waitFor(async () => (await Promise.all(stack.gateways.map((g) => callerIdentityStatus(g, victim)))).every((s) => s === 403), 5000, 'every gateway to see the deletion');
      });
    } finally {
      etcd.close();
    }
  });

  it('lists live credentials by provider without secrets', async () => {
    const keys = await issue(ROOT);
    const listed = (await sts('creds', 'list', '--provider', 'root')).json;
    expect(listed.credentials.map((c: { accessKey: string }) => c.accessKey)).toContain(keys.accessKeyId);
    expect(JSON.stringify(listed)).not.toContain(keys.secretAccessKey);
  });
});

describe('read-your-write across gateways', () => {
  it('uses a credential on another gateway right after it was issued, 1000 times without a failure', async () => {
    const failures: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const keys = await issue(ROOT, i % 3);
      const status = await callerIdentityStatus(stack.gateways[(i + 1) % 3], keys);
      if (status !== 200) failures.push(status);
    }
    expect(failures).toEqual([]);
  }, 120_000);
});

describe('audit trail', () => {
  it('writes one line per issuance and per refusal, with no secret in it', async () => {
    const keys = await issue(ROOT);
    const refused = await signedFormPost(stack.gateways[1], { ...ROOT, secretAccessKey: 'wrong-secret' }, 'Action=AssumeRole&Version=2011-06-15');
    const refusedId = refused.headers.get('x-amz-request-id');
    const lines = () => readFileSync(auditFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    await waitFor(() => lines().some((l) => l.requestId === refusedId), 5000, 'the refusal in the audit file');
    const issuedLine = lines().filter((l) => l.accessKey === keys.accessKeyId);
    expect(issuedLine).toEqual([expect.objectContaining({ action: 'AssumeRole', outcome: 'issued', provider: 'root', parent: TEST_ROOT_USER, claimedIdentity: TEST_ROOT_USER })]);
    expect(lines().filter((l) => l.requestId === refusedId)).toEqual([expect.objectContaining({ outcome: 'refused', errorCode: 'AccessDenied', sourceIp: '127.0.0.1' })]);
    const text = readFileSync(auditFile, 'utf8');
    expect(text).not.toContain(keys.secretAccessKey);
    expect(text).not.toContain(keys.sessionToken);
    expect(text).not.toContain(TEST_ROOT_PASSWORD);
  });
});

describe('signing-key rotation and a root password change', () => {
  it('keeps live credentials working through a rotation, and new ones carry the new kid', async () => {
    const before = await issue(ROOT);
    const rotated = (await sts('keys', 'rotate')).json;
    expect(rotated.keys.find((k: { state: string }) => k.state === 'verify-only')).toBeDefined();
    const after = await issue(ROOT);
    const kid = (token: string) => JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).kid;
    expect(kid(after.sessionToken!)).toBe(rotated.active);
    expect(kid(before.sessionToken!)).not.toBe(rotated.active);
    for (const keys of [before, after]) expect(await callerIdentityStatus(stack.gateways[2], keys)).toBe(200);
  });

  it('keeps live credentials working after the issuer and verifier restart with a new root password', async () => {
    const live = await issue(ROOT);
    stack.env.MINIO_ROOT_PASSWORD = 'a-brand-new-root-password';
    for (const handle of stack.apps.filter((a) => a.app === 'credential-issuer' || a.app === 'assume-role-verifier')) {
      await stack.stopApp(handle);
      await stack.startApp(handle.app, handle.instance);
    }
    expect(await callerIdentityStatus(stack.gateways[0], live)).toBe(200);
    expect((await sdkClient(stack.gateways[1], live).send(new GetCallerIdentityCommand({}))).Arn).toContain(TEST_ROOT_USER);
    await expect(sdkClient(stack.gateways[0], ROOT).send(new AssumeRoleCommand({ RoleArn: 'arn:x:y:z::r', RoleSessionName: 'old-password' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    const newRoot = { ...ROOT, secretAccessKey: 'a-brand-new-root-password' };
    expect(await callerIdentityStatus(stack.gateways[0], await issue(newRoot))).toBe(200);
  }, 60_000);
});
