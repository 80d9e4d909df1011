import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { connect, nkeyAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { Subjects, type LiveCredential, type LongTermKey } from '#contracts';
import { connectEtcd, type EtcdConnection } from '#infra-etcd';
import { keysOf, sts } from './support/ldap-http.js';
import { s3Client, s3ErrorOf, signedS3Request } from './support/s3.js';
import { startStack, TEST_ROOT_PASSWORD, TEST_ROOT_USER, waitFor, type Stack } from './support/stack.js';
import { signedFormPost, type Keys } from './support/sts-http.js';

/**
 * Item 4 of the S3 gateway: every gateway keeps credentials and their access in memory, and every
 * change that narrows access reaches all of them at once (an event; the etcd watch as backstop).
 * The paths are proven apart: three gateways run with events only (STS_TEST_INVALIDATION=events:
 * no etcd watch) and a fourth with the watch only (events ignored), so each refusal below can only
 * have come through the path that gateway has.
 */
const ROOT: Keys = { accessKeyId: TEST_ROOT_USER, secretAccessKey: TEST_ROOT_PASSWORD };
/** Events and watches reach every gateway within milliseconds; this only absorbs a loaded test machine. */
const PROPAGATION_MS = 1500;
let dir: string;
let stack: Stack;
let etcd: EtcdConnection;
/** A plain NATS client with the gateways' credentials: asks the issuer what a gateway asks on a miss. */
let gatewayBus: NatsConnection;
/** The three events-only gateways, then the watch-only one. */
let eventGateways: string[];
let watchGateway: string;

const admin = async (...args: string[]) => expect((await sts(stack.gateways[0], ROOT, ...args)).code).toBe(0);

async function createPolicy(name: string, resource: string): Promise<void> {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: [resource] }] }));
  await admin('policy', 'create', name, file);
}

async function userWithKeys(name: string, ...attach: string[]): Promise<{ longTerm: Keys; temporary: Keys }> {
  const longTerm = { accessKeyId: name, secretAccessKey: `${name}-secret-123` };
  await admin('user', 'add', name, longTerm.secretAccessKey);
  if (attach.length > 0) await admin('policy', 'attach', ...attach, '--user', name);
  const reply = await signedFormPost(stack.gateways[0], longTerm, 'Action=AssumeRole&Version=2011-06-15&DurationSeconds=900');
  expect(reply.status).toBe(200);
  return { longTerm, temporary: keysOf(reply.body) };
}

const outcome = async (gateway: string, keys: Keys) => {
  const reply = await signedS3Request(gateway, keys, 'GET', '/events/object.txt');
  return reply.status === 200 ? 'allowed' : s3ErrorOf(reply.body).code;
};

/** Allowed on every gateway (so every gateway has it cached), then refused on every gateway right after `change`. */
async function narrowedEverywhere(keys: Keys[], change: () => Promise<unknown>, refusal: string, gateways = [...eventGateways, watchGateway]): Promise<void> {
  for (const gateway of [...eventGateways, watchGateway]) for (const k of keys) expect(await outcome(gateway, k)).toBe('allowed');
  await change();
  const started = Date.now();
  for (const gateway of gateways) {
    for (const k of keys) {
      await waitFor(async () => (await outcome(gateway, k)) === refusal, Math.max(50, PROPAGATION_MS - (Date.now() - started)), `${refusal} on ${gateway}`);
    }
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sts-s3-events-'));
  stack = await startStack({ s3: true, replicas: { 'api-gateway': 3 }, env: { STS_TEST_INVALIDATION: 'events' } });
  eventGateways = [...stack.gateways];
  await stack.startApp('api-gateway', 4, { STS_TEST_INVALIDATION: 'watch' });
  watchGateway = stack.gateways[3];
  // Ready only once its IAM and revocation watches are live (readiness reports both).
  await waitFor(async () => (await fetch(`${watchGateway}/minio/health/ready`)).status === 200, 20_000, 'the watch-only gateway ready');
  etcd = connectEtcd({ endpoints: [stack.etcdEndpoint], prefix: '', timeoutMs: 3000, auth: stack.etcdAuth });
  const seed = new TextEncoder().encode(readFileSync(stack.natsUsers['api-gateway'].seedFile, 'utf8').trim());
  gatewayBus = await connect({ servers: stack.natsUrl, authenticator: nkeyAuthenticator(seed), inboxPrefix: '_INBOX.api-gateway', maxReconnectAttempts: 0 });
  const root = s3Client(stack.gateways[0], ROOT);
  await root.send(new CreateBucketCommand({ Bucket: 'events' }));
  await root.send(new PutObjectCommand({ Bucket: 'events', Key: 'object.txt', Body: 'x' }));
  await createPolicy('events-read', 'arn:aws:s3:::events/*');
}, 90_000);

afterAll(async () => {
  await gatewayBus?.close().catch(() => undefined);
  etcd?.close();
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('narrowing changes take effect on S3 on every gateway', () => {
  it('a revocation', async () => {
    const { temporary } = await userWithKeys('rita', 'events-read');
    await narrowedEverywhere([temporary], () => admin('creds', 'revoke', temporary.accessKeyId), 'InvalidAccessKeyId');
  });

  it('a user disabled: its long-term keys and its temporary credentials', async () => {
    const { longTerm, temporary } = await userWithKeys('dina', 'events-read');
    await narrowedEverywhere([longTerm, temporary], () => admin('user', 'disable', 'dina'), 'AccessDenied');
  });

  it('a user removed', async () => {
    const { longTerm, temporary } = await userWithKeys('remy', 'events-read');
    await narrowedEverywhere([longTerm, temporary], () => admin('user', 'remove', 'remy'), 'InvalidAccessKeyId');
  });

  it("a user's secret changed: the old secret stops signing", async () => {
    const { longTerm } = await userWithKeys('sami', 'events-read');
    await narrowedEverywhere([longTerm], () => admin('user', 'add', 'sami', 'sami-new-secret-456'), 'SignatureDoesNotMatch');
  });

  it('a policy detached', async () => {
    const { longTerm, temporary } = await userWithKeys('dora', 'events-read');
    await narrowedEverywhere([longTerm, temporary], () => admin('policy', 'detach', 'events-read', '--user', 'dora'), 'AccessDenied');
  });

  it('a policy edited', async () => {
    await createPolicy('events-edit', 'arn:aws:s3:::events/*');
    const { longTerm, temporary } = await userWithKeys('eddy', 'events-edit');
    await narrowedEverywhere([longTerm, temporary], () => createPolicy('events-edit', 'arn:aws:s3:::elsewhere/*'), 'AccessDenied');
  });

  it('a group membership removed', async () => {
    const { longTerm, temporary } = await userWithKeys('gabe');
    await admin('group', 'add', 'readers', 'gabe');
    await admin('policy', 'attach', 'events-read', '--group', 'readers');
    await narrowedEverywhere([longTerm, temporary], () => admin('group', 'remove', 'readers', 'gabe'), 'AccessDenied');
  });

  it('a key refused as unknown works on every gateway right after it comes to exist (a user re-added, a service account added)', async () => {
    const { longTerm } = await userWithKeys('remo', 'events-read');
    await narrowedEverywhere([longTerm], () => admin('user', 'remove', 'remo'), 'InvalidAccessKeyId');
    const account = { accessKeyId: 'remo-svc-key', secretAccessKey: 'remo-svc-secret-123' };
    // Asked twice: every gateway now refuses both keys from memory.
    for (const gateway of [...eventGateways, watchGateway]) for (let i = 0; i < 2; i++) expect(await outcome(gateway, account)).toBe('InvalidAccessKeyId');
    await admin('user', 'add', 'remo', longTerm.secretAccessKey);
    await admin('policy', 'attach', 'events-read', '--user', 'remo');
    await admin('svcacct', 'add', 'remo', '--key', account.accessKeyId, '--secret', account.secretAccessKey);
    const started = Date.now();
    for (const gateway of [...eventGateways, watchGateway]) {
      for (const keys of [longTerm, account]) {
        await waitFor(async () => (await outcome(gateway, keys)) === 'allowed', Math.max(50, PROPAGATION_MS - (Date.now() - started)), `${keys.accessKeyId} allowed on ${gateway}`);
      }
    }
  });

  it('a policy changed in etcd without any event: the watch narrows, events-only gateways cannot know', async () => {
    await createPolicy('events-backstop', 'arn:aws:s3:::events/*');
    const { longTerm, temporary } = await userWithKeys('bree', 'events-backstop');
    await narrowedEverywhere([longTerm, temporary], async () => {
      const key = 'iam/policies/events-backstop';
      const record = JSON.parse((await etcd.client.get(key).string())!);
      record.policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::elsewhere/*'] }] });
      await etcd.client.put(key).value(JSON.stringify(record));
    }, 'AccessDenied', [watchGateway]);
    // Proof that the events-only gateways have no watch: they still serve what they cached (≤ 60 s).
    for (const gateway of eventGateways) for (const k of [longTerm, temporary]) expect(await outcome(gateway, k)).toBe('allowed');
  });

  it('the issuer answers lookups sent right after a narrowing reply with the narrowed access, as many gateways at once', async () => {
    let id = 0;
    const ask = async <T>(subject: string, data: object): Promise<T> =>
      ((await gatewayBus.request(subject, JSON.stringify({ pattern: subject, id: String(++id), data }), { timeout: 5000 })).json() as { response: T }).response;
    await createPolicy('events-asked', 'arn:aws:s3:::events/*');
    const { longTerm, temporary } = await userWithKeys('asa', 'events-read', 'events-asked');
    await admin('group', 'add', 'askers', 'asa');
    await admin('policy', 'attach', 'consoleAdmin', '--group', 'askers');
    /** Three gateways missing both signers at once, as after an access-change event. */
    const refill = async () => {
      const asked = [1, 2, 3].flatMap(() => [
        ask<{ key: LongTermKey }>(Subjects.CredentialsLookupLongTerm, { accessKey: longTerm.accessKeyId }).then((a) => a.key),
        ask<{ credential: LiveCredential }>(Subjects.CredentialsLookup, { accessKey: temporary.accessKeyId, sessionToken: temporary.sessionToken }).then((a) => a.credential),
      ]);
      return Promise.all(asked);
    };
    const names = async () => (await refill()).map((signer) => signer.access?.policyNames);
    expect(await names()).toEqual(Array(6).fill(['events-read', 'events-asked', 'consoleAdmin']));
    await admin('group', 'remove', 'askers', 'asa');
    expect(await names()).toEqual(Array(6).fill(['events-read', 'events-asked']));
    await admin('policy', 'detach', 'events-read', '--user', 'asa');
    expect(await names()).toEqual(Array(6).fill(['events-asked']));
    await createPolicy('events-asked', 'arn:aws:s3:::elsewhere/*');
    for (const signer of await refill()) expect(signer.access?.policies.join()).not.toContain('events/');
    await admin('user', 'disable', 'asa');
    const standing = (await refill()).map((signer) => ('enabled' in signer ? signer.enabled : signer.parentStatus));
    expect(standing).toEqual(Array(3).fill([false, 'disabled']).flat());
  });
});
