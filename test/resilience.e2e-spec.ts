import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connectEtcd } from '#infra-etcd';
import { startStack, TEST_ROOT_PASSWORD, TEST_ROOT_USER, waitFor, type Stack } from './support/stack.js';
import { signedFormPost, stsError } from './support/sts-http.js';

const ROOT = { accessKeyId: TEST_ROOT_USER, secretAccessKey: TEST_ROOT_PASSWORD };
const ASSUME_ROLE = 'Action=AssumeRole&Version=2011-06-15&DurationSeconds=900';

let stack: Stack;

beforeAll(async () => {
  // Debug logs let the test see which verifier replica served each request.
  stack = await startStack({ replicas: { 'assume-role-verifier': 2 }, env: { STS_LOG_LEVEL: 'debug', STS_NATS_TIMEOUT_MS: '3000', STS_ETCD_TIMEOUT_MS: '1000', STS_ISSUER_DIRECT_REPLY: 'true' } });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

const assumeRole = () => signedFormPost(stack.gateways[0], ROOT, ASSUME_ROLE);
const servedBy = (logFile: string) => (readFileSync(logFile, 'utf8').match(/AssumeRole request \w+ (issued|handed to the issuer)/g) ?? []).length;
const handedOn = (logFile: string) => (readFileSync(logFile, 'utf8').match(/AssumeRole request \w+ handed to the issuer/g) ?? []).length;
const verifiers = () => stack.apps.filter((a) => a.app === 'assume-role-verifier');

describe('replicas of one verifier', () => {
  it('share the requests, and the survivor keeps serving when one is killed', async () => {
    for (let i = 0; i < 40; i++) expect((await assumeRole()).status).toBe(200);
    const [first, second] = verifiers();
    expect(servedBy(first.logFile!)).toBeGreaterThan(0);
    expect(servedBy(second.logFile!)).toBeGreaterThan(0);
    // Once the issuer has answered a verifier, that verifier hands requests on and the issuer answers the gateway.
    expect(handedOn(first.logFile!) + handedOn(second.logFile!)).toBeGreaterThan(0);

    first.kill('SIGKILL');
    await first.exited;
    const before = servedBy(second.logFile!);
    const statuses = [];
    for (let i = 0; i < 30; i++) statuses.push((await assumeRole()).status);
    expect(statuses).toEqual(Array(30).fill(200));
    expect(servedBy(second.logFile!) - before).toBe(30);
    await stack.startApp('assume-role-verifier', first.instance);
  }, 30_000);
});

describe('when etcd is down', () => {
  it('answers fast with a 503 STS error, writes nothing, reports not ready, and recovers', async () => {
    const etcd = connectEtcd({ endpoints: [stack.etcdEndpoint], prefix: '', timeoutMs: 3000, auth: stack.etcdAuth });
    const countCredentials = async () => (await etcd.client.getAll().prefix('sts/credentials/').keys()).length;
    const stored = await countCredentials();
    await stack.stopEtcd();
    try {
      const started = Date.now();
      const reply = await assumeRole();
      expect(Date.now() - started).toBeLessThan(3000);
      expect(reply.status).toBe(503);
      expect(stsError(reply.body)).toMatchObject({ type: 'Receiver', code: 'ServiceUnavailable' });
      expect(reply.body).not.toMatch(/etcd|grpc|ECONNREFUSED|at .*\.js/i);
      expect((await fetch(new URL('/minio/health/ready', stack.gateways[0]))).status).toBe(503);
    } finally {
      await stack.startEtcdAgain();
    }
    await waitFor(async () => (await assumeRole()).status === 200, 15_000, 'issuing again after etcd returned');
    expect(await countCredentials()).toBe(stored + 1);
    etcd.close();
  }, 40_000);
});

describe('when no credential issuer runs', () => {
  it('answers at once with a 503 STS error and recovers when one starts', async () => {
    const issuer = stack.apps.find((a) => a.app === 'credential-issuer')!;
    await stack.stopApp(issuer);
    const started = Date.now();
    const reply = await assumeRole();
    expect(Date.now() - started).toBeLessThan(1000);
    expect({ status: reply.status, code: stsError(reply.body).code }).toEqual({ status: 503, code: 'ServiceUnavailable' });
    await stack.startApp('credential-issuer');
    expect((await assumeRole()).status).toBe(200);
  }, 30_000);
});
