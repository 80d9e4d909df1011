#!/usr/bin/env node
// The gateway's GetCallerIdentity path alone, several builds in one process, CPU per request by
// process.cpuUsage, builds alternating round by round. On a loaded 2-core machine whole-stack
// figures swing by ±30 %; this compares builds within one process at the same moment.
//
// Each build is a directory holding `dist/` and `package.json` (a worktree after `npm run build`,
// or a copy of both beside a `node_modules` link). Its real HTTP server (createHttpAdapter: the
// deadline guard, the S3 and STS fronts, Fastify behind them), StsEndpoint, StsService and
// LiveCredentialCache are built with a fake bus that answers the verify floor's credential, the
// server under HttpDrain as main.ts puts it; the request is the bench's signed GetCallerIdentity.
// Requests reach the server over in-memory connections (`server.emit('connection', duplex)`):
// Node's HTTP parser and response writer run, the kernel's socket calls do not. With --floor DIR,
// ../shared/perf/verify-floor-server.mjs is loaded too (its Fastify server taken as it is created)
// and driven the same way.
import { createHash } from 'node:crypto';
import http from 'node:http';
import { copyFileSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../lib/apps.mjs';
import { printBuildMedians, runBuildRounds, subjectName } from './build-rounds.mjs';
import { driver } from './in-memory-driver.mjs';
import { signedStsHeaders } from './signed-request.mjs';

const USAGE = `Usage: node scripts/bench/gci-path.mjs [options] BUILD_DIR...
  --floor DIR        also drive verify-floor-server.mjs from DIR (e.g. ../shared/perf)
  --rounds N         measured rounds, each build once per round in rotating order (default 20)
  --warmup N         rounds run first and not counted (default 3)
  --requests N       requests per build per round (default 12800)
  --connections N    in-memory keep-alive connections (default 64)
  --cpu-prof FILE    write a CPU profile of the measured rounds (not start-up and warm-up) to FILE`;

/** The verify floor's credential (CRED in verify-floor-server.mjs), so the same signed request serves both. */
const KEYS = { accessKeyId: 'ASIAFLOORTEST0000001', secretAccessKey: 'floorsecretfloorsecretfloorsecretfloorse', sessionToken: 'x'.repeat(600) };
const HOST = '127.0.0.1:9000';
const REGION = 'us-east-1';
const BODY = 'Action=GetCallerIdentity&Version=2011-06-15';

function options() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      floor: { type: 'string' }, rounds: { type: 'string', default: '20' }, warmup: { type: 'string', default: '3' },
      requests: { type: 'string', default: '12800' }, connections: { type: 'string', default: '64' }, 'cpu-prof': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || (positionals.length === 0 && !values.floor)) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  return { builds: positionals.map((dir) => resolve(dir)), floor: values.floor && resolve(values.floor), rounds: +values.rounds, warmup: +values.warmup, requests: +values.requests, connections: +values.connections, cpuProf: values['cpu-prof'] };
}

/** The credential the issuer would answer for KEYS: the record the gateway caches. */
const liveCredential = () => ({
  accessKey: KEYS.accessKeyId, secretKey: KEYS.secretAccessKey, sessionTokenSha256: createHash('sha256').update(KEYS.sessionToken).digest('hex'),
  parent: 'floor', provider: 'builtin', roleSessionName: 'bench', expiresAt: Date.now() + 3_600_000, parentStatus: 'enabled',
});

/** One build's gateway server, wired as main.ts wires it, without Nest's container and with a fake bus. */
async function gatewayServer(dir) {
  const load = (path) => import(pathToFileURL(join(dir, 'dist/apps/api-gateway/src', path)).href);
  const [{ createHttpAdapter }, { StsFront }, { S3Front }, { StsEndpoint }, { StsService }, { LiveCredentialCache }, { AuditTrail }, { loadConfig }] = await Promise.all(
    ['http-server.js', 'sts-front.js', 's3/s3-front.js', 'sts-endpoint.js', 'sts.service.js', 'live-credential-cache.js', 'audit-trail.js', 'config.js'].map(load));
  const config = loadConfig({ MINIO_REGION: REGION, MINIO_ROOT_USER: 'minioadmin', MINIO_ROOT_PASSWORD: 'minioadmin' });
  const bus = { request: async () => ({ credential: liveCredential() }) };
  const audit = { record: async () => undefined, recordBestEffort: async () => undefined };
  const fronts = { s3: new S3Front(config.s3.domains, config.http.s3IdleTimeoutMs), sts: new StsFront() };
  fronts.sts.attach(new StsEndpoint(new StsService(bus, new LiveCredentialCache(bus), config), new AuditTrail(audit), config));
  const server = createHttpAdapter(config, fronts).getHttpServer();
  // main.ts puts the server under HttpDrain, which sees every request too.
  const { HttpDrain } = await import(pathToFileURL(join(dir, 'dist/libs/nest-common/src/http-drain.js')).href);
  new HttpDrain(server);
  return server;
}

/** verify-floor-server.mjs as it runs, its server taken from http.createServer as Fastify makes it, listening on a free port it never hears from. */
async function floorServer(dir) {
  if (!existsSync(join(dir, 'verify-floor-server.mjs'))) throw new Error(`verify-floor-server.mjs not found in ${dir}`);
  // It imports fastify: run from a copy beside a link to this project's node_modules, as floors.mjs does.
  const work = mkdtempSync(join(tmpdir(), 'sts-gci-path-floor-'));
  const script = join(work, 'verify-floor-server.mjs');
  copyFileSync(join(dir, 'verify-floor-server.mjs'), script);
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(work, 'node_modules'));
  process.once('exit', () => rmSync(work, { recursive: true, force: true }));
  const original = http.createServer;
  let server;
  http.createServer = (...args) => (server = original(...args));
  process.env.PORT = '0';
  const log = console.log;
  console.log = () => undefined; // its READY line
  try {
    await import(pathToFileURL(script).href);
  } finally {
    http.createServer = original;
    console.log = log;
  }
  return server;
}

function requestBytes() {
  const headers = { host: HOST, ...signedStsHeaders({ gateway: `http://${HOST}`, keys: KEYS, region: REGION, body: BODY }), 'content-length': String(Buffer.byteLength(BODY)) };
  return Buffer.from(`POST / HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${BODY}`);
}


/** The inspector's sampling profiler in this process; `stop()` resolves the profile. */
async function startProfiler() {
  const session = new Session();
  session.connect();
  const post = (method) => new Promise((resolve, reject) => session.post(method, (error, result) => (error ? reject(error) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.start');
  return { stop: async () => (await post('Profiler.stop')).profile };
}

async function main() {
  const opts = options();
  const subjects = [];
  for (const dir of opts.builds) subjects.push({ name: subjectName(subjects, dir), run: driver(await gatewayServer(dir), opts.connections) });
  if (opts.floor) subjects.push({ name: 'verify floor', run: driver(await floorServer(opts.floor), opts.connections) });
  let profiler;
  // Signed afresh each round: a signature is valid for 15 minutes.
  const perRequest = await runBuildRounds(subjects, opts, requestBytes, async () => {
    if (opts.cpuProf) profiler = await startProfiler();
  });
  if (profiler) writeFileSync(opts.cpuProf, JSON.stringify(await profiler.stop()));
  printBuildMedians(subjects, perRequest, opts.rounds);
  process.exit(0);
}

await main();
