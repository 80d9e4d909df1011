import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connectEtcd } from '#infra-etcd';
import { freePorts } from '../scripts/lib/servers.mjs';
import { startStack, TEST_ROOT_PASSWORD, TEST_ROOT_USER, waitFor, type Stack } from './support/stack.js';
import { signedFormPost, stsError, type Keys } from './support/sts-http.js';

/**
 * The bound this suite proves: once etcd is back, every cache fed by a watch drops what changed
 * within this time, even when etcd compacted its history past the watchers' revision while they
 * were away. (Without the watch, the gateway's re-ask after 60 s would be the only bound.)
 */
const REFUSED_WITHIN_MS = 10_000;

const ROOT: Keys = { accessKeyId: TEST_ROOT_USER, secretAccessKey: TEST_ROOT_PASSWORD };
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ replicas: { 'api-gateway': 2, 'assume-role-verifier': 2 } });
}, 90_000);

afterAll(async () => {
  await stack?.stop();
});

function cli(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const env = { ...process.env, STS_ENDPOINT: stack.gateways[0], STS_ACCESS_KEY: ROOT.accessKeyId, STS_SECRET_KEY: ROOT.secretAccessKey };
    const child = spawn(process.execPath, ['scripts/sts.mjs', ...args], { env, stdio: 'ignore' });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

async function assumeRole(keys: Keys, gateway: string): Promise<{ status: number; code?: string; keys?: Keys }> {
  const reply = await signedFormPost(gateway, keys, 'Action=AssumeRole&Version=2011-06-15&DurationSeconds=900');
  const field = (name: string) => reply.body.match(new RegExp(`<${name}>([^<]*)</${name}>`))?.[1] ?? '';
  if (reply.status !== 200) return { status: reply.status, code: stsError(reply.body).code };
  return { status: 200, keys: { accessKeyId: field('AccessKeyId'), secretAccessKey: field('SecretAccessKey'), sessionToken: field('SessionToken') } };
}

const callerIdentity = async (gateway: string, keys: Keys) => (await signedFormPost(gateway, keys, 'Action=GetCallerIdentity&Version=2011-06-15')).status;

/** Several calls per gateway, so that every replica of the verifier behind it answers some. */
async function everywhere(check: (gateway: string) => Promise<boolean>): Promise<boolean> {
  for (const gateway of stack.gateways) for (let i = 0; i < 6; i++) if (!(await check(gateway))) return false;
  return true;
}

describe('watches across an etcd outage and a compaction', () => {
  it('refuses a disabled user, an old secret and a revoked credential everywhere once etcd is back', async () => {
    expect(await cli(['user', 'add', 'wanda', 'wanda-secret-1'])).toBe(0);
    expect(await cli(['user', 'add', 'victor', 'victor-secret-1'])).toBe(0);
    const wanda = { accessKeyId: 'wanda', secretAccessKey: 'wanda-secret-1' };
    const victor = { accessKeyId: 'victor', secretAccessKey: 'victor-secret-1' };
    const revoked = (await assumeRole(ROOT, stack.gateways[0])).keys!;
    // Warm every cache: both verifiers' user caches, both gateways' credential caches.
    expect(await everywhere(async (gateway) => (await assumeRole(wanda, gateway)).status === 200 && (await assumeRole(victor, gateway)).status === 200)).toBe(true);
    for (const gateway of stack.gateways) expect(await callerIdentity(gateway, revoked)).toBe(200);

    // etcd goes away; it comes back first on a port the apps do not know, where the store changes
    // behind their backs and the history is compacted past every watcher's revision.
    await stack.stopEtcd();
    const [isolatedPort] = await freePorts(1);
    const isolated = await stack.startEtcdAgain({ clientPort: isolatedPort });
    const root = connectEtcd({ endpoints: [isolated], prefix: '', timeoutMs: 5000, auth: stack.etcdAuth });
    try {
      const record = JSON.parse((await root.keys.get('iam/users/wanda').string())!);
      await root.keys.put('iam/users/wanda').value(JSON.stringify({ ...record, status: 'disabled' }));
      await root.keys.delete().key(`sts/credentials/${revoked.accessKeyId}`);
      const { header } = await root.keys.put('compaction-filler').value('x');
      await root.client.kv.compact({ revision: header.revision, physical: true });
    } finally {
      root.close();
    }
    await stack.stopEtcd();
    await stack.startEtcdAgain();
    // And a secret changes through the admin API once the apps see etcd again.
    await waitFor(async () => (await cli(['user', 'add', 'victor', 'victor-secret-2'])) === 0, REFUSED_WITHIN_MS, 'the issuer writing again');

    const started = Date.now();
    await waitFor(() => everywhere(async (gateway) => (await assumeRole(wanda, gateway)).code === 'AccessDenied'), REFUSED_WITHIN_MS, 'the disabled user refused by every verifier');
    await waitFor(() => everywhere(async (gateway) => (await assumeRole(victor, gateway)).status === 403), REFUSED_WITHIN_MS, 'the old secret refused by every verifier');
    await waitFor(async () => (await Promise.all(stack.gateways.map((gateway) => callerIdentity(gateway, revoked)))).every((status) => status === 403), REFUSED_WITHIN_MS, 'the revoked credential refused by every gateway');
    expect(Date.now() - started).toBeLessThan(REFUSED_WITHIN_MS * 3);
    expect(await everywhere(async (gateway) => (await assumeRole({ ...victor, secretAccessKey: 'victor-secret-2' }, gateway)).status === 200)).toBe(true);

    // Each watcher said what happened, and readiness is back once the watches are live.
    for (const instance of [1, 2]) {
      expect(readFileSync(join(stack.dir, `assume-role-verifier-${instance}.log`), 'utf8')).toMatch(/watch on iam\/users\/ .*re-reading the prefix/);
      expect(readFileSync(join(stack.dir, `api-gateway-${instance}.log`), 'utf8')).toMatch(/watch on sts\/credentials\/ .*re-reading the prefix/);
    }
    await waitFor(async () => (await fetch(new URL('/minio/health/ready', stack.gateways[1]))).status === 200, REFUSED_WITHIN_MS, 'ready again');
  }, 120_000);
});
