// A whole STS on loopback, for the e2e suites and `npm run bench`: nats-server, etcd and every app
// as real processes on free ports, in a temp dir that stop() removes (set STS_E2E_KEEP=1 to keep it
// for the logs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_NAMES, APPS, isGateway, startApp as spawnApp } from './apps.mjs';
import { ensureNatsUsers, natsUserEnv } from './bus-users.mjs';
import { httpGet } from './http.mjs';
import { formatTail } from './processes.mjs';
import { startS3Backend } from './s3-backend.mjs';
import { etcdMemberOptions, natsNodeOptions } from './cluster.mjs';
import { freePorts, startEtcd, startNats } from './servers.mjs';
import { ensureEtcdSecrets, etcdRootAuth, etcdUserEnv, provisionEtcd } from './store-users.mjs';

export const TEST_ROOT_USER = 'testroot';
export const TEST_ROOT_PASSWORD = 'testroot-secret-123';
/** MinIO's `<key-name>:<base64 of 32 bytes>` format; the bytes are 0, 1, …, 31. */
export const TEST_KMS_SECRET_KEY = `test-key:${Buffer.from(Array.from({ length: 32 }, (_, i) => i)).toString('base64')}`;

const GATEWAY_READY_MS = 20_000;

export async function startStack(opts = {}) {
  const replicas = replicaCounts(opts.replicas ?? {});
  const size = clusterSize(opts.cluster);
  const dir = mkdtempSync(join(tmpdir(), 'sts-e2e-'));
  const servers = [];
  const stack = new RunningStack(dir, servers);
  try {
    const gatewayCount = APPS.filter((app) => app.gateway).reduce((sum, app) => sum + replicas[app.name], 0);
    const ports = await freePorts((size > 1 ? 4 : 3) * size + gatewayCount);
    const take = (count) => ports.splice(0, count);
    const [natsPorts, routePorts, clientPorts, peerPorts] = [take(size), take(size > 1 ? size : 0), take(size), take(size)];
    const etcdSecrets = ensureEtcdSecrets(join(dir, 'secrets'), APP_NAMES);
    const etcdOptions = etcdMemberOptions({ clientPorts, peerPorts, dir, base: { fast: true, authToken: etcdSecrets.authToken, ...opts.etcd } });
    const natsUsers = ensureNatsUsers(join(dir, 'secrets'), APP_NAMES);
    const natsOptions = natsNodeOptions({ ports: natsPorts, routePorts, dir, secretsDir: join(dir, 'secrets'), users: natsUsers });
    const started = await settleAll([...natsOptions.map((node) => startNats(node)), ...etcdOptions.map((member) => startEtcd(member))], (handle) => servers.push(handle));
    stack.init(started.slice(0, size), started.slice(size), { natsOptions, etcdOptions }, { ...(size > 1 ? { STS_AUDIT_STREAM_REPLICAS: String(size) } : {}), ...opts.env });
    stack.natsUsers = natsUsers;
    await provisionEtcd({ endpoint: stack.etcdEndpoints, pathPrefix: stack.env.MINIO_ETCD_PATH_PREFIX ?? '', secrets: etcdSecrets, apps: APP_NAMES });
    stack.etcdSecrets = etcdSecrets;
    stack.etcdAuth = etcdRootAuth(etcdSecrets);
    if (opts.s3) await stack.startS3Backend();
    stack.assignGatewayPorts(replicas, ports);
    // The issuer first (it creates the keyring), then every other service at once (they do not
    // depend on each other; on a loaded machine this roughly halves the start), then the gateways.
    const [issuer, ...rest] = APPS;
    for (const group of [[issuer], rest.filter((app) => !app.gateway), rest.filter((app) => app.gateway)]) {
      await settleAll(group.flatMap(({ name }) => Array.from({ length: replicas[name] }, (_, i) => stack.startApp(name, i + 1))));
    }
    // The gateway's readiness needs one replica of every service; with none of some app, only liveness.
    const probe = Object.values(replicas).every((count) => count > 0) ? 'ready' : 'live';
    await Promise.all(stack.apps.filter((handle) => isGateway(handle.app)).map((handle) => untilGatewayAnswers(handle, probe)));
    return stack;
  } catch (error) {
    await stack.stop();
    throw error;
  }
}

function clusterSize(requested = 1) {
  if (requested === 1) return 1;
  if (!Number.isInteger(requested) || requested < 3 || requested % 2 === 0) throw new Error('startStack: cluster must be 1 or an odd number ≥ 3');
  return requested;
}

function replicaCounts(requested) {
  for (const [app, count] of Object.entries(requested)) {
    if (!APPS.some((known) => known.name === app)) throw new Error(`startStack: unknown app "${app}"`);
    if (!Number.isInteger(count) || count < 0) throw new Error(`startStack: replicas of ${app} must be an integer ≥ 0`);
  }
  return Object.fromEntries(APPS.map(({ name }) => [name, requested[name] ?? 1]));
}

/** Like Promise.all, but waits for every promise so nothing is still starting when it throws. */
async function settleAll(promises, onStarted = () => {}) {
  const results = await Promise.allSettled(promises);
  for (const result of results) if (result.status === 'fulfilled') onStarted(result.value);
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
  return results.map((result) => result.value);
}

async function untilGatewayAnswers(handle, probe) {
  const url = `http://127.0.0.1:${handle.port}/minio/health/${probe}`;
  try {
    await waitFor(async () => (await httpGet(url))?.status === 200, GATEWAY_READY_MS, `200 from ${url}`);
  } catch (error) {
    throw new Error(`${error.message}\n${formatTail({ name: `${handle.app}-${handle.instance}`, tail: handle.tail })}`);
  }
}

class RunningStack {
  /** The first nats-server's URL; `natsUrls` has every node's. */
  natsUrl = '';
  natsUrls = [];
  /** The first etcd member's URL; `etcdEndpoints` has every member's. */
  etcdEndpoint = '';
  etcdEndpoints = [];
  gateways = [];
  env = {};
  /** Each app's NATS user: `{ seedFile, publicKey }` (bus-users.mjs). */
  natsUsers = {};
  /** etcd's root login, for tests that inspect or change the store behind the apps' backs. */
  etcdAuth = undefined;
  etcdSecrets = undefined;
  apps = [];
  /** One handle per nats-server node / etcd member (undefined while one is stopped), and their start options. */
  #nats = [];
  #etcd = [];
  #natsOptions = [];
  #etcdOptions = [];
  #s3;
  #s3Options;
  s3BackendUrl = '';
  /** Port per gateway `<app>-<instance>`, kept across a stop so a restart answers on the same URL. */
  #gatewayPorts = new Map();
  #stopped = false;
  #servers;

  constructor(dir, servers) {
    this.dir = dir;
    this.#servers = servers;
  }

  init(nats, etcd, { natsOptions, etcdOptions }, extraEnv) {
    this.#natsOptions = natsOptions;
    this.#etcdOptions = etcdOptions;
    this.#nats = nats;
    this.#etcd = etcd;
    this.natsUrls = nats.map((node) => node.url);
    this.etcdEndpoints = etcd.map((member) => member.url);
    [this.natsUrl] = this.natsUrls;
    [this.etcdEndpoint] = this.etcdEndpoints;
    this.env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      NATS_URL: this.natsUrls.join(','),
      MINIO_ETCD_ENDPOINTS: this.etcdEndpoints.join(','),
      MINIO_ROOT_USER: TEST_ROOT_USER,
      MINIO_ROOT_PASSWORD: TEST_ROOT_PASSWORD,
      MINIO_KMS_SECRET_KEY: TEST_KMS_SECRET_KEY,
      STS_HOST: '127.0.0.1',
      ...extraEnv,
    };
  }

  async startApp(app, instance, extraEnv = {}) {
    const number = instance ?? this.#nextInstance(app);
    const port = isGateway(app) ? await this.#gatewayPort(app, number) : undefined;
    const env = { ...this.env, ...extraEnv, ...natsUserEnv(this.natsUsers, app), ...etcdUserEnv(this.etcdSecrets, app) };
    const handle = await spawnApp({ app, env, instance: number, port, logFile: join(this.dir, `${app}-${number}.log`) });
    this.apps.push(handle);
    return handle;
  }

  async stopApp(handle) {
    await handle.stop();
    this.apps = this.apps.filter((running) => running !== handle);
  }

  /** Stops every nats-server node. */
  async stopNats() {
    await Promise.all(this.#nats.map((node) => node?.stop()));
    this.#nats = this.#nats.map(() => undefined);
  }

  /** Every node again on the same ports, so every app reconnects by itself. */
  async startNatsAgain() {
    await Promise.all(this.#natsOptions.map((_, i) => this.startNatsNodeAgain(i)));
  }

  /** kill -9 of one nats-server node (0-based): it vanishes mid-request, as a crashed server does. */
  async killNatsNode(index) {
    await killServer(this.#nats, index, 'nats-server');
  }

  async startNatsNodeAgain(index) {
    if (!this.#natsOptions[index]) throw new Error(`no nats-server node ${index}`);
    this.#nats[index] = await startNats(this.#natsOptions[index]);
    this.#servers.push(this.#nats[index]);
  }

  async stopEtcd() {
    await Promise.all(this.#etcd.map((member) => member?.stop()));
    this.#etcd = this.#etcd.map(() => undefined);
  }

  /** kill -9 of one etcd member (0-based). */
  async killEtcdMember(index) {
    await killServer(this.#etcd, index, 'etcd member');
  }

  /** The member again with its data (it rejoins its cluster). */
  async startEtcdMemberAgain(index) {
    if (!this.#etcdOptions[index]) throw new Error(`no etcd member ${index}`);
    this.#etcd[index] = await startEtcd(this.#etcdOptions[index]);
    this.#servers.push(this.#etcd[index]);
    return this.#etcd[index].url;
  }

  /** `overrides` (e.g. other ports, which the apps do not know) apply to this start only; resolves with etcd's URL. */
  async startEtcdAgain(overrides = {}) {
    if (this.#etcdOptions.length !== 1) throw new Error('startEtcdAgain is for a single etcd; use startEtcdMemberAgain');
    this.#etcd[0] = await startEtcd({ ...this.#etcdOptions[0], ...overrides });
    this.#servers.push(this.#etcd[0]);
    return this.#etcd[0].url;
  }

  /** The embedded S3 backend (s3rver), keyed like `npm start` keys it: with the root user's keys. */
  async startS3Backend() {
    if (!this.#s3Options) {
      const [port] = await freePorts(1);
      this.#s3Options = { port, dir: join(this.dir, 's3'), accessKey: this.env.MINIO_ROOT_USER, secretKey: this.env.MINIO_ROOT_PASSWORD, logFile: join(this.dir, 's3rver.log') };
    }
    this.#s3 = await startS3Backend(this.#s3Options);
    this.#servers.push(this.#s3);
    this.s3BackendUrl = this.#s3.url;
    this.env.STS_S3_BACKEND_URL ??= this.#s3.url;
  }

  async stopS3Backend() {
    await this.#s3?.stop();
    this.#s3 = undefined;
  }

  processes() {
    const numbered = (name, handles) => handles.map((handle, i) => [handles.length > 1 ? `${name}-${i + 1}` : name, handle]);
    const servers = [...numbered('nats-server', this.#nats), ...numbered('etcd', this.#etcd), ['s3rver', this.#s3]]
      .filter(([, handle]) => handle)
      .map(([name, handle]) => ({ name, pid: handle.pid }));
    const appOrder = (handle) => APPS.findIndex((app) => app.name === handle.app);
    const apps = [...this.apps].sort((a, b) => appOrder(a) - appOrder(b) || a.instance - b.instance);
    return [...servers, ...apps.map((handle) => ({ name: `${handle.app}-${handle.instance}`, pid: handle.pid }))];
  }

  async stop() {
    if (this.#stopped) return;
    this.#stopped = true;
    const gateways = this.apps.filter((handle) => isGateway(handle.app));
    await Promise.all(gateways.map((handle) => handle.stop()));
    await Promise.all(this.apps.map((handle) => handle.stop()));
    await Promise.all(this.#servers.map((server) => server.stop()));
    this.apps = [];
    if (process.env.STS_E2E_KEEP) console.log(`stack logs kept in ${this.dir}`);
    else rmSync(this.dir, { recursive: true, force: true });
  }

  /** Ports allocated together up front, so that parallel starts cannot draw the same one. */
  assignGatewayPorts(replicas, ports) {
    const pool = [...ports];
    for (const { name } of APPS.filter((app) => app.gateway)) {
      for (let instance = 1; instance <= replicas[name]; instance++) this.#rememberGatewayPort(name, instance, pool.shift());
    }
  }

  #nextInstance(app) {
    const used = this.apps.filter((handle) => handle.app === app).map((handle) => handle.instance);
    const assigned = [...this.#gatewayPorts.keys()].filter((key) => key.startsWith(`${app}-`)).map((key) => Number(key.slice(app.length + 1)));
    return Math.max(0, ...used, ...assigned) + 1;
  }

  async #gatewayPort(app, instance) {
    const known = this.#gatewayPorts.get(`${app}-${instance}`);
    if (known !== undefined) return known;
    const [port] = await freePorts(1);
    this.#rememberGatewayPort(app, instance, port);
    return port;
  }

  #rememberGatewayPort(app, instance, port) {
    this.#gatewayPorts.set(`${app}-${instance}`, port);
    this.gateways.push(`http://127.0.0.1:${port}`);
  }
}

async function killServer(handles, index, what) {
  const handle = handles[index];
  if (!handle) throw new Error(`${what} ${index} is not running`);
  handle.kill('SIGKILL');
  await handle.exited;
  handles[index] = undefined;
}

/** Polls `predicate` (a throw counts as false) until it returns true, or fails after `timeoutMs`. */
export async function waitFor(predicate, timeoutMs = 10_000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      if (await predicate()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`${what} not met within ${timeoutMs} ms${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
