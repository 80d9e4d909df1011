// nats-server, etcd and slapd as foreground child processes on loopback (recipes: toolchain.md §1).
import { execFile, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import { delimiter, join } from 'node:path';
import { httpGet } from './http.mjs';
import { pollUntil, spawnProcess, whenReady } from './processes.mjs';
import { initSlapd } from './slapd-config.mjs';

const EXTRA_DIRS = ['/usr/sbin', '/usr/bin', '/usr/local/bin']; // /usr/sbin is off a normal user's PATH
const DEBIAN_PACKAGES = { 'nats-server': 'nats-server', etcd: 'etcd-server', slapd: 'slapd', slapadd: 'slapd', ldapwhoami: 'ldap-utils' };
const NATS_READY_MS = 10_000;
const ETCD_READY_MS = 20_000;
const SLAPD_READY_MS = 10_000;

/**
 * GOGC for nats-server and etcd (README "Runtime settings"): their live heaps are small and their
 * garbage short-lived, so collecting at 5× the live heap instead of 2× runs about a quarter of the GC cycles
 * for ~10-20 MB more RSS each. A GOGC in the launcher's environment wins.
 */
export const GO_SERVER_GOGC = '400';

/** The environment nats-server and etcd are started with: the launcher's, plus GOGC unless it sets one. */
export function goServerEnv(env = process.env) {
  return { ...env, GOGC: env.GOGC || GO_SERVER_GOGC };
}

export function findBinary(name) {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      if (statSync(file).isFile()) return file;
    } catch { /* not here */ }
  }
  return null;
}

function installCommand(names) {
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  const packages = [...new Set(names.map((name) => DEBIAN_PACKAGES[name] ?? name))].join(' ');
  return `${sudo}apt-get update && ${sudo}apt-get install -y ${packages}`;
}

function requireBinary(name) {
  const file = findBinary(name);
  if (!file) throw new Error(installCommand([name]));
  return file;
}

/**
 * Returns the path of each needed binary. Missing ones are installed from Debian packages when we
 * are root and apt-get exists; otherwise throws an Error whose message is the install command.
 */
export function ensureBinaries({ need = ['nats-server', 'etcd'] } = {}) {
  const missing = need.filter((name) => !findBinary(name));
  if (missing.length > 0) {
    if (process.getuid?.() !== 0 || !findBinary('apt-get')) throw new Error(installCommand(missing));
    const packages = [...new Set(missing.map((name) => DEBIAN_PACKAGES[name] ?? name))];
    console.log(`Installing Debian packages ${packages.join(', ')} (missing: ${missing.join(', ')})`);
    aptGet(['update', '-qq']);
    aptGet(['install', '-y', '-qq', '--no-install-recommends', ...packages]);
  }
  return Object.fromEntries(need.map((name) => [name, requireBinary(name)]));
}

function aptGet(args) {
  const result = spawnSync('apt-get', args, {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status !== 0) {
    throw new Error(`apt-get ${args.join(' ')} failed (${result.error?.message ?? `exit code ${result.status}`}):\n${result.stdout}${result.stderr}`);
  }
}

/**
 * `count` distinct free loopback ports; all are held open until every one is found. They are drawn at
 * random from below the kernel's ephemeral range: a port the kernel handed out by `listen(0)` lies in
 * that range, where every outgoing connection also takes its local port, so between this pick and the
 * server's own listen a busy machine (a bench, the other Jest worker) could take it for a connection
 * (EADDRINUSE at the server's start). Below the range only another deliberate listener can.
 */
export async function freePorts(count) {
  const [low, high] = portsBelowEphemeral();
  const servers = [];
  const taken = new Set();
  try {
    for (let attempt = 0; servers.length < count; attempt++) {
      // After many refusals (a crowded range, or none below the ephemeral one) the kernel chooses.
      const candidate = attempt < 200 && high > low ? low + Math.floor(Math.random() * (high - low)) : 0;
      if (taken.has(candidate)) continue;
      const server = net.createServer();
      const listening = await new Promise((resolve) => {
        server.once('error', () => resolve(false));
        server.listen(candidate, '127.0.0.1', () => resolve(true));
      });
      if (!listening) continue;
      servers.push(server);
      taken.add(server.address().port);
    }
    return servers.map((server) => server.address().port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(() => resolve()))));
  }
}

/** [first, end) of the ports below Linux's ephemeral range (ip_local_port_range), above the well-known ones. */
function portsBelowEphemeral() {
  let ephemeralLow = 32768;
  try {
    ephemeralLow = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || ephemeralLow;
  } catch {
    // Not Linux: the usual lower bound (macOS's range starts at 49152, so this stays below it too).
  }
  return [10_000, Math.max(10_000, ephemeralLow)];
}

export async function freePort() {
  const [port] = await freePorts(1);
  return port;
}

export function isPortFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** `configFile` (users, permissions, JetStream: bus-users.mjs) is read first; host and port override it. */
export async function startNats({ port, logFile, host = '127.0.0.1', configFile }) {
  const command = requireBinary('nats-server');
  await requireFreePort(port, host, 'nats-server', 'NATS_URL');
  const proc = spawnProcess({
    name: `nats-server :${port}`,
    command,
    args: [...(configFile ? ['-c', configFile] : []), '-a', host, '-p', String(port)],
    env: goServerEnv(),
    logFile,
    // Its own log line, not a TCP connect, which another server on the port would also accept.
    readyPattern: /Server is ready/,
    readyStreams: ['stdout', 'stderr'],
  });
  await whenReady(proc, { ready: proc.matched, timeoutMs: NATS_READY_MS });
  return serverHandle(proc, `nats://${host}:${port}`);
}

/**
 * `authToken`: etcd's --auth-token (JWT, store-users.mjs). Every etcd we start compacts its history
 * periodically (`compactionRetention`, default 1h: a watcher away longer must re-read, which infra-etcd's
 * watches do) and has an explicit backend quota (`quotaBackendBytes`, default 2 GiB).
 */
export async function startEtcd({ clientPort, peerPort, dataDir, logFile, fast = false, name = 'sts', initialCluster, authToken, compactionRetention = '1h', quotaBackendBytes = 2 * 1024 ** 3, extraArgs = [] }) {
  const command = requireBinary('etcd');
  await requireFreePort(clientPort, '127.0.0.1', 'etcd', 'MINIO_ETCD_ENDPOINTS');
  await requireFreePort(peerPort, '127.0.0.1', 'etcd (peer)', 'MINIO_ETCD_ENDPOINTS');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const clientUrl = `http://127.0.0.1:${clientPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  const args = [
    '--name', name, '--data-dir', dataDir,
    '--listen-client-urls', clientUrl, '--advertise-client-urls', clientUrl,
    '--listen-peer-urls', peerUrl, '--initial-advertise-peer-urls', peerUrl,
    '--initial-cluster', initialCluster ?? `${name}=${peerUrl}`, '--initial-cluster-state', 'new',
    '--logger', 'zap', '--log-level', 'warn',
    '--auto-compaction-mode', 'periodic', '--auto-compaction-retention', String(compactionRetention),
    '--quota-backend-bytes', String(quotaBackendBytes),
    ...(authToken ? ['--auth-token', authToken] : []),
    // Test-only: a single member otherwise waits the default 1 s election timeout; and the lowest
    // bcrypt cost for the generated (random, 192-bit) etcd passwords, which makes each app's login
    // cheap on a loaded test machine (key stretching adds nothing to a random password). Members of
    // a cluster keep etcd's default timing: on a loaded machine short heartbeats call elections all the time.
    ...(fast ? [...(initialCluster ? [] : ['--heartbeat-interval', '10', '--election-timeout', '100']), '--bcrypt-cost', '4'] : []),
    ...extraArgs,
  ];
  const proc = spawnProcess({ name: `etcd :${clientPort}`, command, args, env: goServerEnv(), logFile });
  const controller = new AbortController();
  const ready = pollUntil(() => etcdHealthy(clientUrl), { signal: controller.signal });
  try {
    await whenReady(proc, { ready, timeoutMs: ETCD_READY_MS });
  } finally {
    controller.abort();
  }
  return serverHandle(proc, clientUrl);
}

/**
 * slapd with a cn=config of its own in `dir`, serving `ldap://127.0.0.1:<port>` (StartTLS too when
 * `tls` is given) and `ldaps://127.0.0.1:<tlsPort>`. The entries of `ldif` are loaded on the first
 * start; a later start on the same `dir` serves the same data (e.g. after a deliberate stop).
 */
export async function startSlapd({ port, tlsPort, dir, suffix, rootDn, rootPassword, ldif, tls, logFile }) {
  const command = requireBinary('slapd');
  await requireFreePort(port, '127.0.0.1', 'slapd', 'MINIO_IDENTITY_LDAP_SERVER_ADDR');
  if (tlsPort) await requireFreePort(tlsPort, '127.0.0.1', 'slapd (ldaps)', 'MINIO_IDENTITY_LDAP_SERVER_ADDR');
  if (!existsSync(join(dir, 'slapd.d'))) initSlapd(requireBinary('slapadd'), { dir, suffix, rootDn, rootPassword, ldif, tls });
  const url = `ldap://127.0.0.1:${port}`;
  const listeners = [`${url}/`, ...(tlsPort ? [`ldaps://127.0.0.1:${tlsPort}/`] : [])];
  // -d 0 keeps slapd in the foreground without debug output.
  const proc = spawnProcess({ name: `slapd :${port}`, command, args: ['-F', join(dir, 'slapd.d'), '-h', listeners.join(' '), '-d', '0'], logFile });
  const whoami = requireBinary('ldapwhoami');
  const controller = new AbortController();
  const ready = pollUntil(() => new Promise((resolve) => execFile(whoami, ['-x', '-H', url], (error) => resolve(!error))), { signal: controller.signal });
  try {
    await whenReady(proc, { ready, timeoutMs: SLAPD_READY_MS });
  } finally {
    controller.abort();
  }
  return { ...serverHandle(proc, url), ldapsUrl: tlsPort ? `ldaps://127.0.0.1:${tlsPort}` : undefined };
}

// Checked first because a health probe would be answered by whatever already holds the port.
async function requireFreePort(port, host, what, envName) {
  if (await isPortFree(port, host)) return;
  throw new Error(`cannot start ${what}: ${host}:${port} is already in use (another instance, or a system service?); stop it or set ${envName} to use a running server`);
}

function serverHandle(proc, url) {
  return { url, pid: proc.pid, logFile: proc.logFile, exited: proc.exited, tail: proc.tail, kill: (signal) => proc.kill(signal), stop: () => proc.stop() };
}

async function etcdHealthy(clientUrl) {
  const res = await httpGet(`${clientUrl}/health`, { timeoutMs: 1000 });
  if (res?.status !== 200) return false;
  try {
    return JSON.parse(res.body).health === 'true';
  } catch {
    return false;
  }
}
