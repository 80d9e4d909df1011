// One large object up then down through the gateway and directly: throughput, the gateway's peak
// RSS growth (it must stream: no whole-object buffering), and µs of CPU per MiB in each process.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { presign, legCpu, formatLegCpu, BUCKET } from './s3-legs.mjs';

const MIB = 1024 * 1024;

/** Resolves the number of failed transfers. */
export async function largeObject(target, through, direct, options, signal) {
  const mib = options.s3LargeMib;
  const gatewayPid = target.processes().find((p) => p.name.startsWith('api-gateway'))?.pid;
  const bytes = mib * MIB;
  const rows = {};
  const up = {};
  const down = {};
  let failed = 0;
  for (const [side, s3] of [['gateway', through], ['direct', direct]]) {
    const key = `large-${side}`;
    const rss = watchRss(side === 'gateway' ? gatewayPid : undefined);
    let cpu = legCpu(target);
    const put = await timed(() => transfer(presign(s3, new PutObjectCommand({ Bucket: BUCKET, Key: key })), 'PUT', bytes));
    up[side] = { cpu: cpu.stop(mib) };
    cpu = legCpu(target);
    const get = await timed(() => transfer(presign(s3, new GetObjectCommand({ Bucket: BUCKET, Key: key })), 'GET', 0));
    down[side] = { cpu: cpu.stop(mib) };
    const growth = rss.stop();
    if (signal.aborted) return failed;
    if (put.result.status !== 200 || get.result.status !== 200 || get.result.received !== bytes) failed++;
    rows[side] = { up: bytes / MIB / put.seconds, down: bytes / MIB / get.seconds, growth, up_status: put.result.status, down_status: get.result.status };
  }
  const g = rows.gateway;
  const d = rows.direct;
  console.log(`s3 ${mib} MiB object     up: gateway ${g.up.toFixed(0)} MiB/s, direct ${d.up.toFixed(0)} MiB/s, ratio ${(g.up / d.up).toFixed(2)}; ` +
    `down: gateway ${g.down.toFixed(0)} MiB/s, direct ${d.down.toFixed(0)} MiB/s, ratio ${(g.down / d.down).toFixed(2)} (goal ≥ 0.80)`);
  console.log(`  µs CPU/MiB up: ${formatLegCpu(up, 1)}`);
  console.log(`  µs CPU/MiB down: ${formatLegCpu(down, 1)}`);
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
