// `--floors`: the single-process floors of ../shared/perf (their README), driven with the same load
// as the scenarios, in rounds alternating with each scenario's (floor-rounds.mjs), so that each
// scenario prints its ratio to a floor measured beside it.
// The floor scripts import fastify, jose and etcd3, so they run from a temp copy beside a link to
// this project's node_modules (as floors.sh does).
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../lib/apps.mjs';
import { spawnProcess, whenReady } from '../lib/processes.mjs';
import { freePorts } from '../lib/servers.mjs';

const READY_MS = 20_000;
/** The verify floor's one credential (CRED in verify-floor-server.mjs). */
const FLOOR_CREDENTIAL = { accessKeyId: 'ASIAFLOORTEST0000001', secretAccessKey: 'floorsecretfloorsecretfloorsecretfloorse', sessionToken: 'x'.repeat(600) };

/** Which floor each scenario is compared with; scenarios not listed have none. */
export const FLOOR_OF = Object.freeze({
  'assume-role': 'issue',
  'web-identity': 'issue',
  ldap: 'issue',
  'get-caller-identity': 'verify',
});

/** How each floor is driven: the same kind of request as the scenarios it stands for. */
const FLOORS = {
  issue: {
    title: 'issue floor',
    script: 'issue-floor-server.mjs',
    env: { MODE: 'none' },
    async load(url) {
      const token = await (await fetch(new URL('/token', url))).text();
      const body = new URLSearchParams({ Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', RoleArn: 'arn:minio:iam:::role/x', RoleSessionName: 's', WebIdentityToken: token, DurationSeconds: '3600' }).toString();
      return { body };
    },
  },
  verify: {
    title: 'verify floor',
    script: 'verify-floor-server.mjs',
    env: {},
    load: async () => ({ body: 'Action=GetCallerIdentity&Version=2011-06-15', keys: FLOOR_CREDENTIAL }),
  },
};

/** STS_FLOORS_DIR, else ../shared/perf beside the project; fails early when the scripts are not there. */
export function floorsDir(env) {
  const dir = env.STS_FLOORS_DIR || join(REPO_ROOT, '..', 'shared', 'perf');
  const missing = Object.values(FLOORS).map((floor) => floor.script).filter((script) => !existsSync(join(dir, script)));
  if (missing.length > 0) throw new Error(`--floors: ${missing.join(', ')} not found in ${dir} (set STS_FLOORS_DIR)`);
  return dir;
}

/** The floors the chosen scenarios compare with, in a stable order. */
export function floorsFor(scenarios) {
  return Object.keys(FLOORS).filter((floor) => scenarios.some((name) => FLOOR_OF[name] === floor));
}

/**
 * Starts every floor in `floors` and resolves a Map of floor → { title, load, stop() }, `load` being
 * what runLoad drives it with ({ gateways, region, body, keys?, processes() }). They stay up for the
 * whole run, idle between their rounds, so that each scenario's rounds alternate with its floor's.
 * On a failed start the floors already started are stopped.
 */
export async function startFloors(dir, floors) {
  const started = new Map();
  try {
    for (const floor of floors) started.set(floor, await startFloor(dir, floor));
  } catch (error) {
    await stopFloors(started);
    throw error;
  }
  return started;
}

export async function stopFloors(started) {
  for (const floor of started.values()) await floor.stop();
}

async function startFloor(dir, floor) {
  const { title, script, env, load } = FLOORS[floor];
  const work = mkdtempSync(join(tmpdir(), 'sts-bench-floor-'));
  let server;
  const stop = async () => {
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.mjs'))) copyFileSync(join(dir, file), join(work, file));
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(work, 'node_modules'));
    const [port] = await freePorts(1);
    server = spawnProcess({
      name: title,
      command: process.execPath,
      args: [script],
      cwd: work,
      env: { PATH: process.env.PATH, PORT: String(port), ...env },
      logFile: join(work, 'floor.log'),
      readyPattern: /^READY/,
    });
    await whenReady(server, { ready: server.matched, timeoutMs: READY_MS, what: title });
    const url = `http://127.0.0.1:${port}`;
    // Any region: the floors check none.
    return { title, stop, load: { gateways: [url], region: 'us-east-1', ...(await load(url)), processes: () => [{ name: title, pid: server.pid }] } };
  } catch (error) {
    await stop();
    throw error;
  }
}
