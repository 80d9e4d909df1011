// A whole STS on loopback for e2e suites: nats-server, etcd and every app as real processes on
// free ports, in a temp dir that stop() removes (set STS_E2E_KEEP=1 to keep it for the logs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APPS, isGateway, startApp as spawnApp, type AppHandle } from '../../scripts/lib/apps.mjs';
import { httpGet } from '../../scripts/lib/http.mjs';
import { formatTail } from '../../scripts/lib/processes.mjs';
import { freePorts, startEtcd, startNats, type ServerHandle } from '../../scripts/lib/servers.mjs';

export type { AppHandle } from '../../scripts/lib/apps.mjs';

export const TEST_ROOT_USER = 'testroot';
export const TEST_ROOT_PASSWORD = 'testroot-secret-123';
/** MinIO's `<key-name>:<base64 of 32 bytes>` format; the bytes are 0, 1, …, 31. */
export const TEST_KMS_SECRET_KEY = `test-key:${Buffer.from(Array.from({ length: 32 }, (_, i) => i)).toString('base64')}`;

const GATEWAY_READY_MS = 20_000;

export interface StackOptions {
  /** Replicas per app name; 1 for each app not named. */
  replicas?: Partial<Record<string, number>>;
  /** Added to (and overriding) the stack's environment for every app. */
  env?: Record<string, string>;
}

export interface Stack {
  natsUrl: string;
  etcdEndpoint: string;
  /** Base URL of every gateway instance started so far (instance 1 first); kept while one is stopped. */
  gateways: string[];
  env: Record<string, string>;
  /** The temp dir holding etcd's data and one log file per process. */
  dir: string;
  /** Running app handles. */
  apps: AppHandle[];
  /** Starts an instance (default: the next unused number); a restarted gateway keeps its port. */
  startApp(app: string, instance?: number): Promise<AppHandle>;
  stopApp(handle: AppHandle): Promise<void>;
  stopEtcd(): Promise<void>;
  startEtcdAgain(): Promise<void>;
  /** Stops every process (gateways, then services, then nats and etcd) and removes the temp dir. */
  stop(): Promise<void>;
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const replicas = replicaCounts(opts.replicas ?? {});
  const dir = mkdtempSync(join(tmpdir(), 'sts-e2e-'));
  const servers: ServerHandle[] = [];
  const stack = new RunningStack(dir, servers);
  try {
    const gatewayCount = APPS.filter((app) => app.gateway).reduce((sum, app) => sum + replicas[app.name], 0);
    const [natsPort, clientPort, peerPort, ...gatewayPorts] = await freePorts(3 + gatewayCount);
    const etcdOptions = { clientPort, peerPort, dataDir: join(dir, 'etcd'), logFile: join(dir, 'etcd.log'), fast: true };
    const [nats, etcd] = await settleAll([startNats({ port: natsPort, logFile: join(dir, 'nats.log') }), startEtcd(etcdOptions)], (handle) => servers.push(handle));
    stack.init(nats, etcd, etcdOptions, opts.env ?? {});
    stack.assignGatewayPorts(replicas, gatewayPorts);
    for (const { name } of APPS) {
      const instances = Array.from({ length: replicas[name] }, (_, i) => i + 1);
      await settleAll(instances.map((instance) => stack.startApp(name, instance)));
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

function replicaCounts(requested: Partial<Record<string, number>>): Record<string, number> {
  for (const [app, count] of Object.entries(requested)) {
    if (!APPS.some((known) => known.name === app)) throw new Error(`startStack: unknown app "${app}"`);
    if (!Number.isInteger(count) || (count as number) < 0) throw new Error(`startStack: replicas of ${app} must be an integer ≥ 0`);
  }
  return Object.fromEntries(APPS.map(({ name }) => [name, requested[name] ?? 1]));
}

/** Like Promise.all, but waits for every promise so nothing is still starting when it throws. */
async function settleAll<T>(promises: Promise<T>[], onStarted: (value: T) => void = () => {}): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  for (const result of results) if (result.status === 'fulfilled') onStarted(result.value);
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
  return results.map((result) => (result as PromiseFulfilledResult<T>).value);
}

async function untilGatewayAnswers(handle: AppHandle, probe: 'ready' | 'live'): Promise<void> {
  const url = `http://127.0.0.1:${handle.port}/minio/health/${probe}`;
  try {
    await waitFor(async () => (await httpGet(url))?.status === 200, GATEWAY_READY_MS, `200 from ${url}`);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${formatTail({ name: `${handle.app}-${handle.instance}`, tail: handle.tail })}`);
  }
}

class RunningStack implements Stack {
  natsUrl = '';
  etcdEndpoint = '';
  gateways: string[] = [];
  env: Record<string, string> = {};
  apps: AppHandle[] = [];
  private etcd: ServerHandle | undefined;
  private etcdOptions: Parameters<typeof startEtcd>[0] | undefined;
  /** Port per gateway `<app>-<instance>`, kept across a stop so a restart answers on the same URL. */
  private readonly gatewayPorts = new Map<string, number>();
  private stopped = false;

  constructor(readonly dir: string, private readonly servers: ServerHandle[]) {}

  init(nats: ServerHandle, etcd: ServerHandle, etcdOptions: Parameters<typeof startEtcd>[0], extraEnv: Record<string, string>) {
    this.natsUrl = nats.url;
    this.etcdEndpoint = etcd.url;
    this.etcd = etcd;
    this.etcdOptions = etcdOptions;
    this.env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      NATS_URL: nats.url,
      MINIO_ETCD_ENDPOINTS: etcd.url,
      MINIO_ROOT_USER: TEST_ROOT_USER,
      MINIO_ROOT_PASSWORD: TEST_ROOT_PASSWORD,
      MINIO_KMS_SECRET_KEY: TEST_KMS_SECRET_KEY,
      STS_HOST: '127.0.0.1',
      ...extraEnv,
    };
  }

  async startApp(app: string, instance?: number): Promise<AppHandle> {
    const number = instance ?? this.nextInstance(app);
    const port = isGateway(app) ? await this.gatewayPort(app, number) : undefined;
    const handle = await spawnApp({ app, env: this.env, instance: number, port, logFile: join(this.dir, `${app}-${number}.log`) });
    this.apps.push(handle);
    return handle;
  }

  async stopApp(handle: AppHandle): Promise<void> {
    await handle.stop();
    this.apps = this.apps.filter((running) => running !== handle);
  }

  async stopEtcd(): Promise<void> {
    await this.etcd?.stop();
  }

  async startEtcdAgain(): Promise<void> {
    if (!this.etcdOptions) throw new Error('etcd was never started');
    this.etcd = await startEtcd(this.etcdOptions);
    this.servers.push(this.etcd);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const gateways = this.apps.filter((handle) => isGateway(handle.app));
    await Promise.all(gateways.map((handle) => handle.stop()));
    await Promise.all(this.apps.map((handle) => handle.stop()));
    await Promise.all(this.servers.map((server) => server.stop()));
    this.apps = [];
    if (process.env.STS_E2E_KEEP) console.log(`stack logs kept in ${this.dir}`);
    else rmSync(this.dir, { recursive: true, force: true });
  }

  /** Ports allocated together up front, so that parallel starts cannot draw the same one. */
  assignGatewayPorts(replicas: Record<string, number>, ports: number[]) {
    const pool = [...ports];
    for (const { name } of APPS.filter((app) => app.gateway)) {
      for (let instance = 1; instance <= replicas[name]; instance++) this.rememberGatewayPort(name, instance, pool.shift() as number);
    }
  }

  private nextInstance(app: string): number {
    const used = this.apps.filter((handle) => handle.app === app).map((handle) => handle.instance);
    const assigned = [...this.gatewayPorts.keys()].filter((key) => key.startsWith(`${app}-`)).map((key) => Number(key.slice(app.length + 1)));
    return Math.max(0, ...used, ...assigned) + 1;
  }

  private async gatewayPort(app: string, instance: number): Promise<number> {
    const known = this.gatewayPorts.get(`${app}-${instance}`);
    if (known !== undefined) return known;
    const [port] = await freePorts(1);
    this.rememberGatewayPort(app, instance, port);
    return port;
  }

  private rememberGatewayPort(app: string, instance: number, port: number) {
    this.gatewayPorts.set(`${app}-${instance}`, port);
    this.gateways.push(`http://127.0.0.1:${port}`);
  }
}

/** Polls `predicate` (a throw counts as false) until it returns true, or fails after `timeoutMs`. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
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
