// `npm start`: nats-server, etcd and the embedded S3 backend (unless NATS_URL / MINIO_ETCD_ENDPOINTS /
// STS_S3_BACKEND_URL point elsewhere; STS_CLUSTER=3 makes nats-server and etcd clusters of 3), then
// every app with its STS_REPLICAS count; logs in .data/logs. An app that dies after start-up stops
// the whole stack with a non-zero exit: restarts are left to a real supervisor (compose, systemd).
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { APP_NAMES, APPS, REPO_ROOT, gatewayPort, isGateway, parseReplicas, startApp } from './lib/apps.mjs';
import { ensureNatsUsers, natsUserEnv } from './lib/bus-users.mjs';
import { buildIfStale, ensureDependencies } from './lib/build.mjs';
import { etcdMemberOptions, natsNodeOptions, parseClusterSize } from './lib/cluster.mjs';
import { httpGet } from './lib/http.mjs';
import { describeExit, formatTail, pollUntil, stopAllProcesses } from './lib/processes.mjs';
import { startS3Backend } from './lib/s3-backend.mjs';
import { ensureBinaries, freePort, startEtcd, startNats } from './lib/servers.mjs';
import { ensureEtcdSecrets, etcdUserEnv, provisionEtcd } from './lib/store-users.mjs';

const DATA_DIR = join(REPO_ROOT, '.data');
const LOG_DIR = join(DATA_DIR, 'logs');
/** Generated on first start (mode 0700, files 0600): each app's NATS nkey seed and etcd password. */
const SECRETS_DIR = join(DATA_DIR, 'secrets');
const SERVING_TIMEOUT_MS = 30_000;
const DEFAULT_ROOT = 'minioadmin';
/** Node n (0-based) of a cluster: NATS clients on 4222 + n, routes on 6222 + n; etcd as in etcd's own Procfile. */
const NATS_PORT = 4222;
const NATS_ROUTE_PORT = 6222;
const ETCD_PORTS = [[2379, 2380], [22379, 22380], [32379, 32380], [42379, 42380], [52379, 52380], [62379, 62380], [12379, 12380]];

const running = { nats: [], etcd: [], s3: null, apps: [], appEnv: {} };
const stopping = new AbortController();

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => shutdown(0, `${signal} received: stopping`));
}
main().catch(async (error) => {
  if (stopping.signal.aborted) return;
  console.error(`[start] ${error.message}`);
  await shutdown(1);
});

async function main() {
  ensureDependencies();
  buildIfStale();
  const env = { ...process.env };
  const replicas = parseReplicas(env.STS_REPLICAS);
  const basePort = parseBasePort(env.STS_PORT, replicas);
  mkdirSync(LOG_DIR, { recursive: true });
  const servers = await startServers(env);
  for (const { name } of APPS) {
    if (stopping.signal.aborted) return;
    await startReplicas(name, replicas[name], env);
  }
  const host = probeHost(env.STS_HOST);
  const ready = `http://${host}:${basePort}/minio/health/ready`;
  const serving = await pollUntil(async () => (await httpGet(ready))?.status === 200, { intervalMs: 100, signal: AbortSignal.any([stopping.signal, AbortSignal.timeout(SERVING_TIMEOUT_MS)]) });
  if (stopping.signal.aborted) return;
  if (!serving) throw new Error(`${ready} did not answer 200 within ${SERVING_TIMEOUT_MS / 1000} s; logs in ${LOG_DIR}`);
  warnAboutDefaultRoot(env);
  const ports = running.apps.filter((handle) => isGateway(handle.app)).map((handle) => handle.port).sort((a, b) => a - b);
  console.log(`STS ready on http://${host}:${basePort} (gateways: ${ports.join(',')}; nats ${servers.nats}; etcd ${servers.etcd}; S3 backend ${servers.s3})`);
}

function parseBasePort(value, replicas) {
  const gateways = Math.max(...APPS.filter((app) => app.gateway).map((app) => replicas[app.name]));
  const port = Number(value || 9000);
  if (!Number.isInteger(port) || port < 1 || gatewayPort(port, gateways) > 65535) {
    throw new Error(`STS_PORT must be a port number leaving room for ${gateways} gateway(s), got "${value}"`);
  }
  return port;
}

async function startServers(env) {
  const size = parseClusterSize(env.STS_CLUSTER);
  const need = [!env.NATS_URL && 'nats-server', !env.MINIO_ETCD_ENDPOINTS && 'etcd'].filter(Boolean);
  try {
    ensureBinaries({ need });
  } catch (error) {
    throw new Error(`${need.join(' and ')} not found. Install: ${error.message} (or set NATS_URL / MINIO_ETCD_ENDPOINTS to running servers)`);
  }
  const described = { nats: `${env.NATS_URL} (external)`, etcd: `${env.MINIO_ETCD_ENDPOINTS} (external)`, s3: `${env.STS_S3_BACKEND_URL} (external)` };
  // A cluster keeps its data apart from the single servers' (an etcd member cannot change clusters).
  const dataDir = size > 1 ? join(DATA_DIR, `cluster-${size}`) : DATA_DIR;
  await Promise.all([
    !env.NATS_URL && startOwnNats(size, dataDir).then((urls) => {
      env.NATS_URL = described.nats = urls.join(',');
      if (size > 1) env.STS_AUDIT_STREAM_REPLICAS ||= String(size);
    }),
    !env.MINIO_ETCD_ENDPOINTS && startOwnEtcd(env, size, dataDir).then((urls) => {
      env.MINIO_ETCD_ENDPOINTS = described.etcd = urls.join(',');
    }),
    !env.STS_S3_BACKEND_URL && startEmbeddedS3(env).then((handle) => {
      running.s3 = watch('s3rver', handle);
      env.STS_S3_BACKEND_URL = handle.url;
      described.s3 = `${handle.url} (embedded, data in .data/s3)`;
    }),
  ]);
  return described;
}

/** Our own etcd runs with authentication on and one user per app (README "Security model"). */
async function startOwnEtcd(env, size, dataDir) {
  const secrets = ensureEtcdSecrets(SECRETS_DIR, APP_NAMES);
  const base = {
    authToken: secrets.authToken,
    compactionRetention: env.STS_ETCD_AUTO_COMPACTION_RETENTION || '1h', quotaBackendBytes: Number(env.STS_ETCD_QUOTA_BACKEND_BYTES || 2 * 1024 ** 3),
  };
  const members = etcdMemberOptions({ clientPorts: ETCD_PORTS.slice(0, size).map(([client]) => client), peerPorts: ETCD_PORTS.slice(0, size).map(([, peer]) => peer), dir: dataDir, logDir: LOG_DIR, base });
  const handles = await Promise.all(members.map(async (member) => {
    const handle = await startEtcd({ ...member, logFile: freshLog(member.logFile) });
    running.etcd.push(watch(basename(member.logFile, '.log'), handle));
    return handle;
  }));
  const urls = handles.map((handle) => handle.url);
  await provisionEtcd({ endpoint: urls, pathPrefix: env.MINIO_ETCD_PATH_PREFIX ?? '', secrets, apps: APP_NAMES });
  for (const app of APP_NAMES) running.appEnv[app] = { ...running.appEnv[app], ...etcdUserEnv(secrets, app) };
  return urls;
}

/** Our own nats-server(s) run with one user per app (README "Security model"); each app gets its seed file. */
async function startOwnNats(size, dataDir) {
  const users = ensureNatsUsers(SECRETS_DIR, APP_NAMES);
  for (const app of APP_NAMES) running.appEnv[app] = { ...running.appEnv[app], ...natsUserEnv(users, app) };
  const nodes = natsNodeOptions({ ports: range(size, NATS_PORT), routePorts: range(size, NATS_ROUTE_PORT), dir: dataDir, secretsDir: SECRETS_DIR, users, logDir: LOG_DIR });
  return Promise.all(nodes.map(async (node) => {
    const handle = await startNats({ ...node, logFile: freshLog(node.logFile) });
    running.nats.push(watch(basename(node.logFile, '.log'), handle));
    return handle.url;
  }));
}

function range(count, from) {
  return Array.from({ length: count }, (_, i) => from + i);
}

/** Without STS_S3_BACKEND_URL: s3rver on a free loopback port, opened by the backend keys (default: the root user's). */
async function startEmbeddedS3(env) {
  return startS3Backend({
    port: await freePort(),
    dir: join(DATA_DIR, 's3'),
    accessKey: env.STS_S3_BACKEND_ACCESS_KEY || env.MINIO_ROOT_USER || DEFAULT_ROOT,
    secretKey: env.STS_S3_BACKEND_SECRET_KEY || env.MINIO_ROOT_PASSWORD || DEFAULT_ROOT,
    logFile: freshLog('s3rver.log'),
  });
}

async function startReplicas(app, count, env) {
  const instances = Array.from({ length: count }, (_, i) => i + 1);
  const results = await Promise.allSettled(instances.map(async (instance) => {
    const label = `${app}-${instance}`;
    const handle = await startApp({ app, env: { ...env, ...running.appEnv[app] }, instance, logFile: freshLog(`${label}.log`), onLine: (line, stream) => echoErrors(label, line, stream) });
    running.apps.push(watch(label, handle));
  }));
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
}

function watch(label, handle) {
  handle.exited.then((exit) => {
    if (stopping.signal.aborted) return;
    console.error(`[start] ${label} exited unexpectedly (${describeExit(exit)}); log: ${handle.logFile}`);
    console.error(formatTail({ name: label, tail: handle.tail }));
    shutdown(1);
  });
  return handle;
}

// Only problems reach the console; everything else is in the app's log file.
function echoErrors(label, line, stream) {
  if (stream === 'stderr') return console.error(`[${label}] ${line}`);
  if (!/"level":"(error|fatal)"/.test(line)) return;
  try {
    const { level, msg } = JSON.parse(line);
    console.error(`[${label}] ${level}: ${msg}`);
  } catch {
    console.error(`[${label}] ${line}`);
  }
}

function freshLog(name) {
  const file = isAbsolute(name) ? name : join(LOG_DIR, name);
  writeFileSync(file, '');
  return file;
}

function probeHost(host) {
  if (!host || host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function warnAboutDefaultRoot(env) {
  const user = env.MINIO_ROOT_USER;
  const password = env.MINIO_ROOT_PASSWORD;
  if (user && password && user !== DEFAULT_ROOT && password !== DEFAULT_ROOT) return;
  console.warn('WARNING: DEFAULT ROOT CREDENTIALS IN USE (MINIO_ROOT_USER/MINIO_ROOT_PASSWORD unset or minioadmin): set both before exposing this service');
}

async function shutdown(code, reason) {
  if (stopping.signal.aborted) return;
  stopping.abort();
  if (reason) console.log(`[start] ${reason}`);
  const gateways = running.apps.filter((handle) => isGateway(handle.app));
  const services = running.apps.filter((handle) => !isGateway(handle.app));
  await Promise.all(gateways.map((handle) => handle.stop()));
  await Promise.all(services.map((handle) => handle.stop()));
  await Promise.all(running.etcd.map((handle) => handle.stop()));
  await Promise.all(running.nats.map((handle) => handle.stop()));
  await running.s3?.stop();
  await stopAllProcesses(); // anything still starting when the signal came
  process.exit(code);
}
