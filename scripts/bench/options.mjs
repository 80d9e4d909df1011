// Command-line options of `npm run bench`, validated up front so a typo fails before anything starts.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseReplicas } from '../lib/apps.mjs';
import { floorsDir } from './floors.mjs';

export const SCENARIO_NAMES = Object.freeze(['assume-role', 'web-identity', 'ldap', 'get-caller-identity', 'revocation', 'access-change', 's3']);

// SigV4 signatures stay valid for 15 minutes and each run signs once, so a run must end well before.
const MAX_DURATION_SECONDS = 600;

export const USAGE = `Usage: npm run bench -- [options]

Drives AssumeRole, AssumeRoleWithWebIdentity (one RS256 id token from a local OpenID provider,
replayed), AssumeRoleWithLDAPIdentity (against a local slapd) and GetCallerIdentity through the
whole STS with autocannon and prints requests/s, p50/p99 latency, and the server CPU time per
request of every stack process; then times revocation propagation (revoke reply → every gateway refuses), p50/p99 over --rounds revocations;
then (fresh stack only) the same for every kind of access-narrowing admin change (user disabled or
removed, secret changed, policy detached or edited, group membership removed, revocation), each
until every gateway refuses an S3 GetObject it allowed just before (use --replicas api-gateway=3);
then S3 (fresh stack only): 4 KiB GetObject/PutObject through the gateway and directly against the
embedded backend with their ratio, and one large object up and down with the gateway's RSS growth.

  --connections N        concurrent connections, spread over the gateways (default 64)
  --duration S           measured seconds per scenario, after a 2 s warm-up (default 10, at most ${MAX_DURATION_SECONDS})
  --replicas SPEC        e.g. api-gateway=2,assume-role-verifier=2 (default: STS_REPLICAS, else 1 each)
  --scenarios LIST       comma-separated, from: ${SCENARIO_NAMES.join(', ')} (default: all)
  --rounds N             changes timed by the revocation scenario, and per kind by access-change (default 200)
  --s3-large-mib N       size of the large object of the s3 scenario (default 1024)
  --floors               measure each scenario in 5 rounds alternating with its single-process floor
                         of ../shared/perf (or STS_FLOORS_DIR), with the same load, and print the
                         floor's row and the median of the rounds' ratios
  --cpu-prof DIR         (fresh stack) write each app's CPU profile of each measured run to
                         DIR/<scenario>-<app>-<instance>-<pid>.cpuprofile
  --help                 this text

Without STS_ENDPOINT a fresh stack is started on free loopback ports and stopped at the end.
With STS_ENDPOINT, that endpoint is used with STS_ACCESS_KEY / STS_SECRET_KEY (keys allowed to
call AssumeRole) and MINIO_REGION (default us-east-1); every AssumeRole replay stores a real
credential there; web-identity and ldap need a fresh stack (they start their provider). Exits
non-zero if any request failed.`;

export function parseBenchOptions(argv, env) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      connections: { type: 'string', default: '64' },
      duration: { type: 'string', default: '10' },
      replicas: { type: 'string' },
      scenarios: { type: 'string', default: SCENARIO_NAMES.join(',') },
      rounds: { type: 'string', default: '200' },
      's3-large-mib': { type: 'string', default: '1024' },
      'cpu-prof': { type: 'string' },
      floors: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return { help: true };
  return {
    help: false,
    connections: integerIn('--connections', values.connections, 1, 10_000),
    duration: integerIn('--duration', values.duration, 1, MAX_DURATION_SECONDS),
    scenarios: scenarioList(values.scenarios),
    rounds: integerIn('--rounds', values.rounds, 1, 10_000),
    s3LargeMib: integerIn('--s3-large-mib', values['s3-large-mib'], 1, 16_384),
    ...targetOptions(values.replicas, env),
    ...profileOptions(values['cpu-prof'], env),
    ...(values.floors ? { floorsDir: floorsDir(env) } : {}),
  };
}

function integerIn(name, text, min, max) {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new Error(`${name} must be an integer from ${min} to ${max}, got "${text}"`);
  return value;
}

function scenarioList(text) {
  const names = text.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.find((name) => !SCENARIO_NAMES.includes(name));
  if (unknown) throw new Error(`--scenarios: unknown scenario "${unknown}" (known: ${SCENARIO_NAMES.join(', ')})`);
  if (names.length === 0) throw new Error('--scenarios: name at least one scenario');
  return [...new Set(names)];
}

function profileOptions(dir, env) {
  if (dir === undefined) return {};
  if (env.STS_ENDPOINT) throw new Error('--cpu-prof profiles the apps of a fresh stack, but STS_ENDPOINT is set');
  return { cpuProfDir: resolve(dir) };
}

/** Either an external endpoint with its keys, or the replica counts of a fresh stack. */
function targetOptions(replicasFlag, env) {
  if (env.STS_ENDPOINT) {
    if (replicasFlag !== undefined) throw new Error('--replicas shapes a fresh stack, but STS_ENDPOINT is set');
    if (!env.STS_ACCESS_KEY || !env.STS_SECRET_KEY) throw new Error('STS_ENDPOINT is set: set STS_ACCESS_KEY and STS_SECRET_KEY too');
    let endpoint;
    try {
      endpoint = new URL(env.STS_ENDPOINT);
    } catch {
      throw new Error(`STS_ENDPOINT is not a URL: "${env.STS_ENDPOINT}"`);
    }
    if (!['http:', 'https:'].includes(endpoint.protocol)) throw new Error(`STS_ENDPOINT must be http(s), got "${env.STS_ENDPOINT}"`);
    return {
      endpoint: endpoint.origin,
      keys: { accessKeyId: env.STS_ACCESS_KEY, secretAccessKey: env.STS_SECRET_KEY },
      region: env.MINIO_REGION || 'us-east-1',
    };
  }
  const source = replicasFlag !== undefined ? '--replicas' : 'STS_REPLICAS';
  try {
    return { replicas: parseReplicas(replicasFlag ?? env.STS_REPLICAS) };
  } catch (error) {
    // parseReplicas names STS_REPLICAS in its messages; say which input was wrong.
    throw new Error(error.message.replace(/^STS_REPLICAS/, source));
  }
}
