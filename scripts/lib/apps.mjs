// The apps (from the roster in libs/contracts), and how one instance of an app is started.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { APP_ROSTER } from '../../libs/contracts/src/app-roster.js';
import { spawnProcess, whenReady } from './processes.mjs';

/** Every app, in start order (the roster in libs/contracts): the issuer, then the verifiers, then the gateways. */
export const APPS = Object.freeze(APP_ROSTER.map(({ name, gateway }) => Object.freeze({ name, gateway })));

export const APP_NAMES = Object.freeze(APPS.map((app) => app.name));

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const DEFAULT_GATEWAY_PORT = 9000;
const READY_TIMEOUT_MS = 30_000;
const READY_LINE = /"msg"\s*:\s*"ready"/;

export function isGateway(app) {
  return requireApp(app).gateway;
}

function requireApp(app) {
  const found = APPS.find((candidate) => candidate.name === app);
  if (!found) throw new Error(`unknown app "${app}" (known apps: ${APP_NAMES.join(', ')})`);
  return found;
}

export function appEntry(app) {
  requireApp(app);
  return fileURLToPath(new URL(`../../dist/apps/${app}/src/main.js`, import.meta.url));
}

/** Gateway instance n (1-based) listens on basePort + n - 1. */
export function gatewayPort(basePort, instance) {
  return basePort + instance - 1;
}

/**
 * Parses STS_REPLICAS, e.g. "api-gateway=3,assume-role-verifier=2", into a count per app (1 for
 * every app the spec does not name).
 */
export function parseReplicas(spec) {
  const replicas = Object.fromEntries(APP_NAMES.map((name) => [name, 1]));
  const seen = new Set();
  for (const entry of (spec ?? '').split(',').map((part) => part.trim()).filter(Boolean)) {
    const match = /^([^=\s]+)\s*=\s*(\S+)$/.exec(entry);
    if (!match) throw new Error(`STS_REPLICAS: "${entry}" is not <app>=<count>`);
    const [, app, count] = match;
    if (!APP_NAMES.includes(app)) throw new Error(`STS_REPLICAS: unknown app "${app}" (known apps: ${APP_NAMES.join(', ')})`);
    if (!/^\d+$/.test(count) || Number(count) < 1) throw new Error(`STS_REPLICAS: the count for ${app} must be a positive integer, got "${count}"`);
    if (seen.has(app)) throw new Error(`STS_REPLICAS: ${app} is listed twice`);
    seen.add(app);
    replicas[app] = Number(count);
  }
  return replicas;
}

/**
 * STS_NODE_FLAGS (the launcher's environment, e.g. `--prof` for profiling under `npm run bench`):
 * extra flags for every app's node, split on spaces. Flags such as `--prof` are not allowed in
 * NODE_OPTIONS, and the child's environment is exactly `env`.
 */
function appNodeFlags() {
  return (process.env.STS_NODE_FLAGS ?? '').split(' ').filter(Boolean);
}

/**
 * Starts `node [STS_NODE_FLAGS] dist/apps/<app>/src/main.js` with exactly `env` and resolves once it logs its ready
 * line. Gateways listen on `port`, else on gatewayPort(env.STS_PORT ?? 9000, instance).
 */
export async function startApp({ app, env, instance = 1, port, logFile, onLine, readyTimeoutMs = READY_TIMEOUT_MS }) {
  const entry = appEntry(app);
  if (!existsSync(entry)) throw new Error(`${entry} does not exist: run \`npm run build\` first`);
  const gateway = isGateway(app);
  const listenPort = gateway ? (port ?? gatewayPort(Number(env.STS_PORT || DEFAULT_GATEWAY_PORT), instance)) : undefined;
  const childEnv = gateway ? { ...env, STS_PORT: String(listenPort) } : { ...env };
  const proc = spawnProcess({
    name: `${app}-${instance}`,
    command: process.execPath,
    args: [...appNodeFlags(), entry],
    env: childEnv,
    cwd: REPO_ROOT,
    logFile,
    onLine,
    readyPattern: READY_LINE,
  });
  await whenReady(proc, { ready: proc.matched, timeoutMs: readyTimeoutMs });
  return {
    app,
    instance,
    pid: proc.pid,
    port: listenPort,
    logFile,
    exited: proc.exited,
    kill: (signal = 'SIGTERM') => proc.kill(signal),
    stop: () => proc.stop(),
    tail: () => proc.tail(),
  };
}
