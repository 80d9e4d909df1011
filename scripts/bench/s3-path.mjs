#!/usr/bin/env node
// The gateway's path for a small S3 call alone (4 KiB GetObject or PutObject by presigned URL with a
// session token, as `npm run bench` sends them), several builds in one process, CPU per request by
// process.cpuUsage, builds alternating round by round. On a loaded 2-core machine whole-stack figures
// swing by ±30 % and more; this compares builds within one process at the same moment.
//
// Each build is a directory holding `dist/` and `package.json` (a worktree after `npm run build`).
// Its real HTTP server (createHttpAdapter and the S3 front), S3Gateway, S3Signers, both signer
// caches and S3Backend are built as main.ts builds them, with a fake bus answering one owner's
// temporary credential. The backend is a small Node server in a child process (its CPU is not
// counted): 4 KiB for a GET, the body drained for a PUT. Requests reach the gateway over in-memory
// connections (in-memory-driver.mjs); towards the backend they go over loopback, as in production.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { driver } from './in-memory-driver.mjs';
import { printBuildMedians, runBuildRounds, subjectName } from './build-rounds.mjs';
import { presign, s3Client } from './s3-legs.mjs';

const USAGE = `Usage: node scripts/bench/s3-path.mjs [options] BUILD_DIR...
  --call get|put     the call measured (default get)
  --rounds N         measured rounds, each build once per round in rotating order (default 20)
  --warmup N         rounds run first and not counted (default 3)
  --requests N       requests per build per round (default 4000)
  --connections N    in-memory keep-alive connections (default 64)
  --auth-only        only the gateway's synchronous request work, no HTTP: authorize (routing, query,
                     SigV4, the signer caches, the access check), the backend body and request, and
                     their re-signing (S3Gateway.authorize is private: this reaches into the build)
A CPU profile: run it under \`node --cpu-prof\` with one build.`;

const HOST = '127.0.0.1:9000';
const REGION = 'us-east-1';
const SMALL = Buffer.alloc(4096, 's');
/** A session token shaped like the issuer's (a JWT of about 600 characters); its claims are read once per cached credential. */
const claims = Buffer.from(JSON.stringify({ accessKey: 'BENCHS3PATH000000001', parent: 'minioadmin', exp: 4_102_444_800, iat: 1_700_000_000, pad: 'p'.repeat(300) })).toString('base64url');
const KEYS = { accessKeyId: 'BENCHS3PATH000000001', secretAccessKey: 'benchs3pathsecretbenchs3pathsecret000000', sessionToken: `eyJhbGciOiJFUzI1NiJ9.${claims}.${'s'.repeat(86)}` };

function options() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      call: { type: 'string', default: 'get' }, rounds: { type: 'string', default: '20' }, warmup: { type: 'string', default: '3' },
      requests: { type: 'string', default: '4000' }, connections: { type: 'string', default: '64' }, 'auth-only': { type: 'boolean' }, help: { type: 'boolean' },
    },
  });
  if (values.help || positionals.length === 0 || !['get', 'put'].includes(values.call)) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  return { builds: positionals.map((dir) => resolve(dir)), call: values.call, rounds: +values.rounds, warmup: +values.warmup, requests: +values.requests, connections: +values.connections, authOnly: values['auth-only'] };
}

/** The record the issuer would answer for KEYS: a root user's temporary credential (an owner, as the bench's). */
const liveCredential = () => ({
  accessKey: KEYS.accessKeyId, secretKey: KEYS.secretAccessKey, sessionTokenSha256: createHash('sha256').update(KEYS.sessionToken).digest('hex'),
  parent: 'minioadmin', provider: 'builtin', expiresAt: Date.now() + 3_600_000, parentStatus: 'enabled', access: { owner: true, policies: [] },
});

/** A backend that answers like s3rver does for these calls, in a child process; resolves its URL. */
function startBackend() {
  const source = `
    const http = require('node:http');
    const body = Buffer.alloc(4096, 's');
    const head = { 'content-type': 'binary/octet-stream', etag: '"5b2ac2b8a1f9c0f8b5d7e4f2a1c3e5d7"', 'last-modified': new Date().toUTCString(), 'accept-ranges': 'bytes', 'x-amz-request-id': 'BACKEND' };
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.method === 'GET') res.writeHead(200, { ...head, 'content-length': body.length }).end(body);
        else res.writeHead(200, { etag: head.etag, 'content-length': 0 }).end();
      });
    });
    server.keepAliveTimeout = 60_000;
    server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;
  const child = spawn(process.execPath, ['-e', source], { stdio: ['ignore', 'pipe', 'inherit'] });
  process.once('exit', () => child.kill());
  return new Promise((resolveUrl) => child.stdout.once('data', (port) => resolveUrl(`http://127.0.0.1:${String(port).trim()}`)));
}

/** One build's gateway, wired as main.ts and s3.providers.ts wire it, without Nest's container and with a fake bus: its HTTP server, S3Gateway, S3Backend and request-body module. */
async function gatewayParts(dir, backendUrl) {
  const load = (path) => import(pathToFileURL(join(dir, 'dist', path)).href);
  const gateway = (path) => load(`apps/api-gateway/src/${path}`);
  const [{ createHttpAdapter }, { StsFront }, { S3Front }, { S3Gateway }, { S3Signers }, { LiveCredentialCache }, { LongTermKeyCache }, { S3RefusalAudit }, { loadConfig }, { S3Backend }, requestBody, proxy] = await Promise.all([
    gateway('http-server.js'), gateway('sts-front.js'), gateway('s3/s3-front.js'), gateway('s3/s3-gateway.js'), gateway('s3/s3-signers.js'),
    gateway('live-credential-cache.js'), gateway('s3/long-term-key-cache.js'), gateway('s3/s3-refusal-audit.js'), gateway('config.js'), load('libs/infra-s3/src/index.js'),
    gateway('s3/request-body.js'), gateway('s3/s3-proxy.js'),
  ]);
  const config = loadConfig({ MINIO_REGION: REGION, MINIO_ROOT_USER: 'minioadmin', MINIO_ROOT_PASSWORD: 'minioadmin', STS_S3_BACKEND_URL: backendUrl });
  const bus = { request: async () => ({ credential: liveCredential() }) };
  const audit = { record: async () => undefined, recordBestEffort: async () => undefined, publish: () => undefined };
  const signers = new S3Signers(new LiveCredentialCache(bus), new LongTermKeyCache(bus));
  const fronts = { s3: new S3Front(config.s3.domains, config.http.s3IdleTimeoutMs), sts: new StsFront() };
  const backend = new S3Backend(config.s3.backend);
  const s3Gateway = new S3Gateway(signers, new S3RefusalAudit(audit), config, backend);
  fronts.s3.attach(s3Gateway);
  return { server: createHttpAdapter(config, fronts).getHttpServer(), s3Gateway, backend, requestBody, proxy };
}

/** `run(count, bytes)` for --auth-only: the request head of `bytes` as a parsed request, its body never read. */
function authOnly({ s3Gateway, backend, requestBody, proxy }) {
  return async (count, bytes) => {
    const [head] = bytes.toString('latin1').split('\r\n\r\n', 1);
    const [line, ...fields] = head.split('\r\n');
    const [method, url] = line.split(' ');
    const rawHeaders = fields.flatMap((field) => [field.slice(0, field.indexOf(':')), field.slice(field.indexOf(':') + 1).trim()]);
    const headers = Object.fromEntries(fields.map((field) => [field.slice(0, field.indexOf(':')).toLowerCase(), field.slice(field.indexOf(':') + 1).trim()]));
    const request = { method, url, headers, rawHeaders, resume: () => undefined, once: () => request, pipe: (stream) => stream };
    const started = process.cpuUsage();
    for (let i = 0; i < count; i++) {
      const { auth, query, target } = await s3Gateway.authorize(request);
      backend.signed(proxy.backendRequest(request, target, requestBody.backendBody(request, auth, query)));
    }
    const used = process.cpuUsage(started);
    return used.user + used.system;
  };
}

/** The call as an HTTP/1.1 request, presigned afresh (a URL's date moves with the rounds, as a client's would). */
async function requestBytes(call) {
  const s3 = s3Client(`http://${HOST}`, KEYS);
  const command = call === 'get' ? new GetObjectCommand({ Bucket: 'bench', Key: 'small' }) : new PutObjectCommand({ Bucket: 'bench', Key: 'small-put', Body: SMALL });
  const url = new URL(await presign(s3, command));
  const target = `${url.pathname}${url.search}`;
  if (call === 'get') return Buffer.from(`GET ${target} HTTP/1.1\r\nhost: ${HOST}\r\n\r\n`);
  return Buffer.concat([Buffer.from(`PUT ${target} HTTP/1.1\r\nhost: ${HOST}\r\ncontent-length: ${SMALL.length}\r\n\r\n`), SMALL]);
}

async function main() {
  const opts = options();
  const backendUrl = await startBackend();
  const subjects = [];
  for (const dir of opts.builds) {
    const parts = await gatewayParts(dir, backendUrl);
    subjects.push({ name: subjectName(subjects, dir), run: opts.authOnly ? authOnly(parts) : driver(parts.server, opts.connections) });
  }
  const perRequest = await runBuildRounds(subjects, opts, () => requestBytes(opts.call));
  printBuildMedians(subjects, perRequest, opts.rounds, `${opts.call}${opts.authOnly ? ' (auth only)' : ''}: `);
  process.exit(0);
}

await main();
