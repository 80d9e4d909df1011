import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, nkeyAuthenticator } from '@nats-io/transport-node';
import { AUDIT_STREAM, AuditFieldLimits } from '#contracts';
import { connectEtcd } from '#infra-etcd';
import { startStack, TEST_ROOT_PASSWORD, TEST_ROOT_USER, waitFor, type Stack } from './support/stack.js';
import { post, signedFormPost, stsError, type Keys } from './support/sts-http.js';

const ROOT: Keys = { accessKeyId: TEST_ROOT_USER, secretAccessKey: TEST_ROOT_PASSWORD };
const dir = mkdtempSync(join(tmpdir(), 'sts-audit-'));
const auditFile = join(dir, 'audit.jsonl');
let stack: Stack;

interface AuditLine {
  id: string;
  action: string;
  outcome: string;
  accessKey?: string;
  target?: string;
  claimedIdentity?: string;
  sourceIp?: string;
  errorCode?: string;
}

beforeAll(async () => {
  stack = await startStack({ env: { STS_AUDIT_OUTPUT: auditFile } });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const auditLines = (): AuditLine[] => (existsSync(auditFile) ? readFileSync(auditFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as AuditLine) : []);

function cli(target: Stack, args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, STS_ENDPOINT: target.gateways[0], STS_ACCESS_KEY: ROOT.accessKeyId, STS_SECRET_KEY: ROOT.secretAccessKey };
    const child = spawn(process.execPath, ['scripts/sts.mjs', ...args], { env });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout }));
  });
}

/** Reads as the audit sink does (its NATS user). */
async function asAuditSink<T>(read: (manager: JetStreamManager) => Promise<T>): Promise<T> {
  const seed = readFileSync(stack.natsUsers['audit-sink'].seedFile, 'utf8').trim();
  const nc = await connect({ servers: stack.natsUrls, inboxPrefix: '_INBOX.audit-sink', authenticator: nkeyAuthenticator(new TextEncoder().encode(seed)) });
  try {
    return await read(await jetstreamManager(nc, { checkAPI: false }));
  } finally {
    await nc.close();
  }
}

const sinkPosition = () => asAuditSink(async (manager) => (await manager.streams.getMessage(AUDIT_STREAM.positionStream, { last_by_subj: AUDIT_STREAM.positionSubject }))?.json<{ seq: number }>());
const auditConsumer = () => asAuditSink((manager) => manager.consumers.info(AUDIT_STREAM.name, AUDIT_STREAM.consumer));

const assumeRole = (target: Stack, keys: Keys) => signedFormPost(target.gateways[0], keys, 'Action=AssumeRole&Version=2011-06-15&DurationSeconds=900');
const issuedKey = (body: string) => body.match(/<AccessKeyId>([^<]*)<\/AccessKeyId>/)?.[1] ?? '';

describe('the audit trail', () => {
  it('keeps every issuance and admin operation, exactly once, across a sink killed with SIGKILL', async () => {
    const sink = stack.apps.find((handle) => handle.app === 'audit-sink')!;
    sink.kill('SIGKILL');
    await stack.stopApp(sink);

    const issued: string[] = [];
    for (let i = 0; i < 3; i++) {
      const reply = await assumeRole(stack, ROOT);
      expect(reply.status).toBe(200);
      issued.push(issuedKey(reply.body));
    }
    expect((await assumeRole(stack, { ...ROOT, secretAccessKey: 'wrong-password-1' })).status).toBe(403);
    expect((await cli(stack, ['user', 'add', 'audrey', 'audrey-secret-1'])).code).toBe(0);
    expect((await cli(stack, ['user', 'disable', 'audrey'])).code).toBe(0);

    await stack.startApp('audit-sink');
    await waitFor(() => {
      const lines = auditLines();
      return issued.every((key) => lines.some((line) => line.accessKey === key)) && lines.some((line) => line.action === 'admin:users.set-status' && line.outcome === 'succeeded');
    }, 20_000, 'the events published while the sink was down in the file');

    const lines = auditLines();
    expect(new Set(lines.map((line) => line.id)).size).toBe(lines.length);
    for (const key of issued) expect(lines.filter((line) => line.accessKey === key)).toHaveLength(1);
    expect(lines.filter((line) => line.outcome === 'refused' && line.errorCode === 'SignatureDoesNotMatch' || line.outcome === 'refused' && line.action === 'AssumeRole').length).toBeGreaterThanOrEqual(1);
    for (const action of ['admin:users.add', 'admin:users.set-status']) {
      const ofAction = lines.filter((line) => line.action === action && line.target === 'audrey');
      expect(ofAction.map((line) => line.outcome).sort()).toEqual(['attempted', 'succeeded']);
      for (const line of ofAction) expect(line).toMatchObject({ claimedIdentity: TEST_ROOT_USER, sourceIp: '127.0.0.1' });
    }
    expect(readFileSync(auditFile, 'utf8')).not.toContain('audrey-secret-1');
  }, 90_000);

  it('keeps its place across nats-server restarts, with the sink running and with it down: no event lost, none written twice', async () => {
    const issueTwo = async (into: string[]) => {
      for (let i = 0; i < 2; i++) {
        let reply: Awaited<ReturnType<typeof assumeRole>> | undefined;
        // Right after a restart the issuer may still be reconnecting (ServiceUnavailable): ask again.
        await waitFor(async () => (reply = await assumeRole(stack, ROOT)).status === 200, 20_000, 'an AssumeRole answered 200');
        if (!reply) throw new Error('no reply');
        into.push(issuedKey(reply.body));
      }
    };
    const inFile = (keys: string[]) => () => { const lines = auditLines(); return keys.every((key) => lines.some((line) => line.accessKey === key)); };
    const issued: string[] = [];
    await issueTwo(issued);
    await waitFor(inFile(issued), 10_000, 'the first two issuances in the file');
    let saved = 0;
    await waitFor(async () => (saved = (await sinkPosition())?.seq ?? 0) > 0, 10_000, 'a saved position');

    // The sink runs on: the restarted server has forgotten the consumer, which lived in its memory.
    await stack.stopNats();
    await stack.startNatsAgain();
    await issueTwo(issued);
    await waitFor(inFile(issued), 20_000, 'the issuances after the restart in the file');

    // The sink is down while the server restarts: it resumes from the position it saved.
    const sink = stack.apps.find((handle) => handle.app === 'audit-sink')!;
    sink.kill('SIGKILL');
    await stack.stopApp(sink);
    await stack.stopNats();
    await stack.startNatsAgain();
    await issueTwo(issued);
    await stack.startApp('audit-sink');
    await waitFor(inFile(issued), 20_000, 'the issuances made while the sink was down in the file');

    const lines = auditLines();
    expect(new Set(lines.map((line) => line.id)).size).toBe(lines.length);
    for (const key of issued) expect(lines.filter((line) => line.accessKey === key)).toHaveLength(1);
    const consumer = await auditConsumer();
    expect(consumer.config).toMatchObject({ mem_storage: true, deliver_policy: 'by_start_sequence' });
    expect(consumer.config.opt_start_seq).toBeGreaterThan(saved);
  }, 120_000);

  it('records an admin call the signer may not make as refused, with who and what', async () => {
    const reply = await cli(stack, ['user', 'add', 'mallory', 'mallory-secret-1']);
    expect(reply.code).toBe(0);
    const mallory = { accessKeyId: 'mallory', secretAccessKey: 'mallory-secret-1' };
    const env = { ...process.env, STS_ENDPOINT: stack.gateways[0], STS_ACCESS_KEY: mallory.accessKeyId, STS_SECRET_KEY: mallory.secretAccessKey };
    const code = await new Promise<number>((resolve) => spawn(process.execPath, ['scripts/sts.mjs', 'user', 'add', 'eve', 'eve-secret-123'], { env, stdio: 'ignore' }).on('close', (c) => resolve(c ?? 1)));
    expect(code).not.toBe(0);
    await waitFor(() => auditLines().some((line) => line.action === 'admin:users.add' && line.target === 'eve'), 10_000, 'the refusal in the file');
    expect(auditLines().filter((line) => line.target === 'eve')).toEqual([expect.objectContaining({ outcome: 'refused', errorCode: 'AccessDenied', claimedIdentity: 'mallory' })]);
  });

  it('caps a 1,000,000-character Action to a short audit line', async () => {
    const huge = 'A'.repeat(1_000_000);
    const reply = await post(stack.gateways[0], `Action=${huge}&Version=2011-06-15`, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(reply.status).toBeGreaterThanOrEqual(400);
    expect(reply.status).toBeLessThan(500);
    await waitFor(() => auditLines().some((line) => line.action.startsWith('AAAA')), 10_000, 'the refusal in the file');
    const line = readFileSync(auditFile, 'utf8').split('\n').find((text) => text.includes('"action":"AAAA'))!;
    expect(line.length).toBeLessThan(2048);
    expect((JSON.parse(line) as AuditLine).action.length).toBeLessThanOrEqual(AuditFieldLimits.string);
  });
});

describe('the audit trail, when the audit stream cannot take an event', () => {
  let lonely: Stack;

  beforeAll(async () => {
    // No audit-sink has ever run, so there is no audit stream to take events. Only what the two
    // calls below need runs.
    lonely = await startStack({ replicas: { 'audit-sink': 0, 'ldap-verifier': 0, 'oidc-verifier': 0, 'client-grants-verifier': 0 } });
  }, 60_000);

  afterAll(async () => {
    await lonely?.stop();
  });

  it('refuses an issuance with ServiceUnavailable instead of handing out unaudited credentials, and leaves none stored', async () => {
    const reply = await assumeRole(lonely, ROOT);
    expect({ status: reply.status, code: stsError(reply.body).code }).toEqual({ status: 503, code: 'ServiceUnavailable' });
    expect(reply.body).not.toContain('<SecretAccessKey>');
    const etcd = connectEtcd({ endpoints: [lonely.etcdEndpoint], prefix: '', timeoutMs: 5000, auth: lonely.etcdAuth });
    try {
      // The issuer stored it before the gateway found it could not audit it: the gateway had it deleted again.
      expect(await etcd.keys.getAll().prefix('sts/credentials/').keys()).toEqual([]);
      expect(await etcd.keys.getAll().prefix('sts/by-parent/').keys()).toEqual([]);
    } finally {
      etcd.close();
    }
  });

  it('refuses an admin change with ServiceUnavailable and makes no change', async () => {
    const added = await cli(lonely, ['user', 'add', 'ghost', 'ghost-secret-1', '--json']);
    expect(added.code).not.toBe(0);
    expect(added.stdout).toContain('XMinioServerNotInitialized');
    const etcd = connectEtcd({ endpoints: [lonely.etcdEndpoint], prefix: '', timeoutMs: 5000, auth: lonely.etcdAuth });
    try {
      expect(await etcd.keys.get('iam/users/ghost').string()).toBeNull();
    } finally {
      etcd.close();
    }
  });
});
