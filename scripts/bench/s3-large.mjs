// One large object up then down through the gateway and directly, in alternating rounds: throughput,
// the gateway's peak RSS growth (it must stream: no whole-object buffering), and µs of CPU per MiB
// in each process.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { Writable } from 'node:stream';
import { Agent, stream } from 'undici';
import { slabReadingConnector } from '#infra-s3';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { crc32 } from 'node:zlib';
import { restartProfiles, saveProfiles } from './cpu-profiles.mjs';
import { presign, legCpu, combinedCpu, formatLegCpu, BUCKET, ROUNDS } from './s3-legs.mjs';

/**
 * Four rounds, the sides' order alternating (as ROUNDS, twice): on two shared cores one pair of legs
 * moved the ratio by 0.2 and more, so the line gives the median of the rounds' ratios and each round.
 */
const LARGE_ROUNDS = [...ROUNDS, ...ROUNDS];

const MIB = 1024 * 1024;

/** Resolves the number of failed transfers; `clients` are the SDK clients of the gateway and direct sides. */
export async function largeObject(target, clients, options, signal) {
  const mib = options.s3LargeMib;
  const gatewayPid = target.processes().find((p) => p.name.startsWith('api-gateway'))?.pid;
  const bytes = mib * MIB;
  // The checksum a client declares for these bytes (the SDK would declare CRC32 of an empty body otherwise).
  const checksum = crc32OfZeros(bytes);
  const legs = { gateway: [], direct: [] };
  let failed = 0;
  for (const [round, sides] of LARGE_ROUNDS.entries()) {
    for (const side of sides) {
      const profileAs = side === 'gateway' && options.cpuProfDir && `s3-${mib}-MiB-round-${round + 1}`;
      const leg = await largeLeg(target, clients[side], `large-${side}`, bytes, checksum, side === 'gateway' ? gatewayPid : undefined, profileAs && { dir: options.cpuProfDir, name: profileAs });
      if (signal.aborted) return failed;
      if (!leg.ok) failed++;
      legs[side].push(leg);
    }
  }
  const rate = (side, way) => legs[side].reduce((sum, leg) => sum + mib, 0) / legs[side].reduce((sum, leg) => sum + leg[way].seconds, 0);
  const ratio = (way) => {
    const rounds = LARGE_ROUNDS.map((_, i) => legs.direct[i][way].seconds / legs.gateway[i][way].seconds);
    return `ratio ${median(rounds).toFixed(2)} (median of rounds ${rounds.map((r) => r.toFixed(2)).join(', ')})`;
  };
  console.log(`s3 ${mib} MiB object     up: gateway ${rate('gateway', 'up').toFixed(0)} MiB/s, direct ${rate('direct', 'up').toFixed(0)} MiB/s, ${ratio('up')}; ` +
    `down: gateway ${rate('gateway', 'down').toFixed(0)} MiB/s, direct ${rate('direct', 'down').toFixed(0)} MiB/s, ${ratio('down')} (goal ≥ 0.80)`);
  for (const way of ['up', 'down']) {
    const cpu = Object.fromEntries(Object.entries(legs).map(([side, list]) => [side, { cpu: combinedCpu(list.map((leg) => leg[way].cpu)) }]));
    console.log(`  µs CPU/MiB ${way}: ${formatLegCpu(cpu, 1)}`);
  }
  const growth = Math.max(...legs.gateway.map((leg) => leg.growth ?? 0));
  if (gatewayPid !== undefined) console.log(`s3 gateway RSS growth during the ${mib} MiB transfers: ${(growth / MIB).toFixed(1)} MiB (goal < 100 MB)`);
  for (const [side, list] of Object.entries(legs)) {
    for (const leg of list.filter((l) => !l.ok)) console.log(`s3 large object, ${side}: status up ${leg.up.status}, down ${leg.down.status}, ${leg.down.received} of ${bytes} bytes back`);
  }
  return failed;
}

/** One object up then down on one side, timed, with CPU per MiB and (for the gateway) its peak RSS growth. */
async function largeLeg(target, s3, key, bytes, checksum, rssPid, profile) {
  const mib = bytes / MIB;
  const rss = watchRss(rssPid);
  if (profile) await restartProfiles(target, profile.dir);
  let cpu = legCpu(target);
  const put = await timed(() => transfer(presign(s3, new PutObjectCommand({ Bucket: BUCKET, Key: key, ChecksumCRC32: checksum })), 'PUT', bytes));
  const up = { seconds: put.seconds, status: put.result.status, cpu: cpu.stop(mib) };
  if (profile) await saveProfiles(target, profile.dir, `${profile.name}-up`);
  if (profile) await restartProfiles(target, profile.dir);
  cpu = legCpu(target);
  const get = await timed(() => transfer(presign(s3, new GetObjectCommand({ Bucket: BUCKET, Key: key })), 'GET', 0));
  const down = { seconds: get.seconds, status: get.result.status, received: get.result.received, cpu: cpu.stop(mib) };
  if (profile) await saveProfiles(target, profile.dir, `${profile.name}-down`);
  return { up, down, growth: rss.stop(), ok: up.status === 200 && down.status === 200 && down.received === bytes };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function crc32OfZeros(bytes) {
  const zeros = Buffer.alloc(Math.min(bytes, MIB));
  let crc = 0;
  for (let done = 0; done < bytes; done += zeros.length) crc = crc32(zeros.subarray(0, Math.min(zeros.length, bytes - done)), crc);
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc >>> 0);
  return out.toString('base64');
}

async function timed(run) {
  const started = process.hrtime.bigint();
  const result = await run();
  return { result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/**
 * Streams `bytes` zero bytes up (PUT) or reads the whole answer (GET), never holding more than 1 MiB.
 * The same client work on both legs. The download is read with undici's `stream` into a counting
 * sink: with `http.request` and a `data` handler the reader cost more CPU per MiB than the gateway
 * (7,385 against 2,695 µs in a quiet sitting) and took that CPU from the two processes it measures;
 * reading into slabs instead of Node's 64 KiB buffers cut the reader's own cost again.
 */
async function transfer(urlPromise, method, bytes) {
  const url = new URL(await urlPromise);
  return method === 'PUT' ? upload(url, bytes) : download(url);
}

/** The downloads' reader reads into slabs, as the gateway does towards its backend (same on both legs). */
const reader = new Agent({ connect: slabReadingConnector(10_000) });

async function download(url) {
  let received = 0;
  let status;
  await stream(url, { method: 'GET', dispatcher: reader }, ({ statusCode }) => {
    status = statusCode;
    return new Writable({ write: (data, _encoding, done) => ((received += data.length), done()) });
  });
  return { status, received };
}

function upload(url, bytes) {
  const chunk = Buffer.alloc(MIB);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'PUT', headers: { 'content-length': String(bytes) } }, (res) => {
      res.resume().on('end', () => resolve({ status: res.statusCode, received: 0 })).on('error', reject);
    });
    req.on('error', reject);
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
