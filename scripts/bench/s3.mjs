// S3 through the gateway against the same backend directly, in one run: 4 KiB GetObject and
// PutObject (presigned URLs replayed by autocannon, so no client-side signing is measured), then one
// large object up and down, with the gateway's RSS growth (it streams: no whole-object buffering).
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import autocannon from 'autocannon';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

const SMALL_BYTES = 4096;
const BUCKET = 'bench';
const MIB = 1024 * 1024;

const client = (endpoint, keys) => new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: keys, maxAttempts: 1 });
const presign = (s3, command) => getSignedUrl(s3, command, { expiresIn: 3600 });

/** Prints the S3 rows; resolves the number of failed runs. */
export async function runS3Scenarios(target, temporaryKeys, options, signal) {
  const gateway = target.gateways[0];
  const through = client(gateway, temporaryKeys);
  const direct = client(target.s3.url, target.s3.keys);
  await through.send(new CreateBucketCommand({ Bucket: BUCKET })).catch((error) => {
    if (error?.name !== 'BucketAlreadyOwnedByYou' && error?.name !== 'BucketAlreadyExists') throw error;
  });
  const small = Buffer.alloc(SMALL_BYTES, 's');
  await through.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'small', Body: small }));
  let failed = 0;
  for (const [name, method, command] of [
    ['s3 get 4 KiB', 'GET', new GetObjectCommand({ Bucket: BUCKET, Key: 'small' })],
    ['s3 put 4 KiB', 'PUT', new PutObjectCommand({ Bucket: BUCKET, Key: 'small-put' })],
  ]) {
    const body = method === 'PUT' ? small : undefined;
    const results = {};
    for (const [side, s3] of [['gateway', through], ['direct', direct]]) {
      const url = await presign(s3, command);
      await load(url, method, body, options.connections, 2, signal);
      results[side] = await load(url, method, body, options.connections, options.duration, signal);
      if (signal.aborted) return failed;
      if (results[side].non2xx + results[side].errors > 0) failed++;
    }
    const ratio = results.gateway.requestsPerSecond / results.direct.requestsPerSecond;
    console.log(`${name.padEnd(20)} gateway ${fmt(results.gateway.requestsPerSecond)} req/s (p99 ${results.gateway.p99} ms), direct ${fmt(results.direct.requestsPerSecond)} req/s (p99 ${results.direct.p99} ms): ratio ${ratio.toFixed(2)} (goal ≥ 0.70)${failsOf(results)}`);
  }
  failed += await largeObject(target, through, direct, options.s3LargeMib, signal);
  return failed;
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const failsOf = (results) => Object.entries(results).map(([side, r]) => (r.non2xx + r.errors > 0 ? `; ${side}: ${r.non2xx} non-2xx, ${r.errors} errors` : '')).join('');

function load(url, method, body, connections, duration, signal) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, method, body, connections, duration }, (error, result) => {
      signal.removeEventListener('abort', stop);
      if (error) return reject(error);
      resolve({ requestsPerSecond: result.requests.total / result.duration, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors });
    });
    const stop = () => instance.stop();
    signal.addEventListener('abort', stop, { once: true });
  });
}

/** One object of `mib` MiB up then down, through the gateway and directly; the gateway's peak RSS growth. */
async function largeObject(target, through, direct, mib, signal) {
  const gatewayPid = target.processes().find((p) => p.name.startsWith('api-gateway'))?.pid;
  const bytes = mib * MIB;
  const rows = {};
  let failed = 0;
  for (const [side, s3] of [['gateway', through], ['direct', direct]]) {
    const key = `large-${side}`;
    const rss = watchRss(side === 'gateway' ? gatewayPid : undefined);
    const up = await timed(() => transfer(presign(s3, new PutObjectCommand({ Bucket: BUCKET, Key: key })), 'PUT', bytes));
    const down = await timed(() => transfer(presign(s3, new GetObjectCommand({ Bucket: BUCKET, Key: key })), 'GET', 0));
    const growth = rss.stop();
    if (signal.aborted) return failed;
    if (up.result.status !== 200 || down.result.status !== 200 || down.result.received !== bytes) failed++;
    rows[side] = { up: bytes / MIB / up.seconds, down: bytes / MIB / down.seconds, growth, up_status: up.result.status, down_status: down.result.status };
  }
  const g = rows.gateway;
  const d = rows.direct;
  console.log(`s3 ${mib} MiB object     up: gateway ${g.up.toFixed(0)} MiB/s, direct ${d.up.toFixed(0)} MiB/s, ratio ${(g.up / d.up).toFixed(2)}; ` +
    `down: gateway ${g.down.toFixed(0)} MiB/s, direct ${d.down.toFixed(0)} MiB/s, ratio ${(g.down / d.down).toFixed(2)} (goal ≥ 0.80)`);
  if (g.growth !== undefined) console.log(`s3 gateway RSS growth during the ${mib} MiB transfers: ${(g.growth / MIB).toFixed(1)} MiB (goal < 100 MB)`);
  if (failed) console.log(`s3 large object: statuses gateway ${g.up_status}/${g.down_status}, direct ${d.up_status}/${d.down_status}`);
  return failed;
}

async function timed(run) {
  const started = process.hrtime.bigint();
  const result = await run();
  return { result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** Streams `bytes` zero bytes up (PUT) or reads the whole answer (GET), never holding more than 1 MiB. */
async function transfer(urlPromise, method, bytes) {
  const url = new URL(await urlPromise);
  const chunk = Buffer.alloc(MIB);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: method === 'PUT' ? { 'content-length': String(bytes) } : {} }, (res) => {
      let received = 0;
      res.on('data', (data) => (received += data.length)).on('end', () => resolve({ status: res.statusCode, received })).on('error', reject);
    });
    req.on('error', reject);
    if (method !== 'PUT') return req.end();
    let sent = 0;
    const pump = () => {
      while (sent < bytes) {
        const piece = bytes - sent >= MIB ? chunk : chunk.subarray(0, bytes - sent);
        sent += piece.length;
        if (!req.write(piece)) return req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

/** Polls a process's RSS (Linux /proc) and returns its peak growth over the first sample. */
function watchRss(pid) {
  if (pid === undefined || process.platform !== 'linux') return { stop: () => undefined };
  const read = () => {
    try {
      return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    } catch {
      return 0;
    }
  };
  const base = read();
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, read())), 50);
  return { stop: () => (clearInterval(timer), Math.max(0, Math.max(peak, read()) - base)) };
}
