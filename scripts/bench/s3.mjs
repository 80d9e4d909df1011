// S3 through the gateway against the same backend directly, in one run: 4 KiB GetObject and
// PutObject (presigned URLs replayed by autocannon, so no client-side signing is measured), then one
// large object up and down, with the gateway's RSS growth (it streams: no whole-object buffering).
// The small legs run in SMALL_ROUNDS short rounds, the two sides alternating and each round's order
// the reverse of the last (gateway first, then direct first, ...); the ratio is the median of the
// rounds' ratios, printed with every round: one slow second on a shared host then moves one round,
// not the result. Each leg also reports the CPU time of the gateway, the backend and the load
// generator: with three processes on two cores, throughput ratios move with the load; CPU per
// request or per MiB does not.
import autocannon from 'autocannon';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3Client, presign, legCpu, combinedCpu, formatLegCpu, BUCKET } from './s3-legs.mjs';
import { alternatingRounds, median } from './rounds.mjs';
import { largeObject } from './s3-large.mjs';
import { restartProfiles, saveProfiles } from './cpu-profiles.mjs';

const SMALL_BYTES = 4096;
const WARM_UP_SECONDS = 1;
/** Six short rounds rather than two long ones: in the two-round bench one run's rounds were 0.61 and 1.04 apart. */
const SMALL_ROUNDS = alternatingRounds(6, ['gateway', 'direct']);
/** Each small leg lasts a third of --duration (3 s at the default 10), at least 1 s. */
const smallLegSeconds = (duration) => Math.max(1, Math.round(duration / 3));

/** Prints the S3 rows; resolves the number of failed runs. */
export async function runS3Scenarios(target, temporaryKeys, options, signal) {
  const through = s3Client(target.gateways[0], temporaryKeys);
  const direct = s3Client(target.s3.url, target.s3.keys);
  await through.send(new CreateBucketCommand({ Bucket: BUCKET })).catch((error) => {
    if (error?.name !== 'BucketAlreadyOwnedByYou' && error?.name !== 'BucketAlreadyExists') throw error;
  });
  const small = Buffer.alloc(SMALL_BYTES, 's');
  await through.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'small', Body: small }));
  const clients = { gateway: through, direct };
  let failed = 0;
  for (const [name, method, command] of [
    ['s3 get 4 KiB', 'GET', new GetObjectCommand({ Bucket: BUCKET, Key: 'small' })],
    // With the body, the presigned URL declares the CRC32 the SDK computed for it, as a client's would.
    ['s3 put 4 KiB', 'PUT', new PutObjectCommand({ Bucket: BUCKET, Key: 'small-put', Body: small })],
  ]) {
    const body = method === 'PUT' ? small : undefined;
    // One URL per side for every round: the same key, the same size, the same client in each leg.
    const urls = { gateway: await presign(clients.gateway, command), direct: await presign(clients.direct, command) };
    for (const side of SMALL_ROUNDS[0]) await load(urls[side], method, body, options.connections, WARM_UP_SECONDS, signal);
    const legs = { gateway: [], direct: [] };
    for (const [round, sides] of SMALL_ROUNDS.entries()) {
      for (const side of sides) {
        const leg = await smallLeg(target, urls[side], method, body, options, signal, side === 'gateway' && `${name.replaceAll(' ', '-')}-${round + 1}`);
        if (signal.aborted) return failed;
        if (leg.non2xx + leg.errors > 0) failed++;
        legs[side].push(leg);
      }
    }
    const results = { gateway: combined(legs.gateway), direct: combined(legs.direct) };
    const ratios = SMALL_ROUNDS.map((_, i) => legs.gateway[i].requestsPerSecond / legs.direct[i].requestsPerSecond);
    const pooled = results.gateway.requestsPerSecond / results.direct.requestsPerSecond;
    console.log(`${name.padEnd(20)} gateway ${fmt(results.gateway.requestsPerSecond)} req/s (p99 ${results.gateway.p99} ms), direct ${fmt(results.direct.requestsPerSecond)} req/s (p99 ${results.direct.p99} ms): ratio ${median(ratios).toFixed(2)} (median of ${ratios.length} rounds of ${smallLegSeconds(options.duration)} s: ${ratios.map((r) => r.toFixed(2)).join(', ')}; pooled ${pooled.toFixed(2)}; goal ≥ 0.70)${failsOf(results)}`);
    console.log(`  µs CPU/request: ${formatLegCpu(results, 1)}`);
  }
  failed += await largeObject(target, clients, options, signal);
  return failed;
}

/** One measured leg (the sides were warmed up before the first round); `profileAs` names the gateway's CPU profile of it, if any. */
async function smallLeg(target, url, method, body, options, signal, profileAs) {
  const profile = profileAs && options.cpuProfDir;
  if (profile) await restartProfiles(target, options.cpuProfDir);
  const cpu = legCpu(target);
  const leg = await load(url, method, body, options.connections, smallLegSeconds(options.duration), signal);
  leg.cpu = cpu.stop(leg.requests);
  if (profile) await saveProfiles(target, options.cpuProfDir, profileAs);
  return leg;
}

function combined(legs) {
  const sum = (field) => legs.reduce((total, leg) => total + leg[field], 0);
  return {
    requestsPerSecond: sum('requests') / sum('seconds'),
    p99: Math.max(...legs.map((leg) => leg.p99)),
    non2xx: sum('non2xx'),
    errors: sum('errors'),
    cpu: combinedCpu(legs.map((leg) => leg.cpu)),
  };
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const failsOf = (results) => Object.entries(results).map(([side, r]) => (r.non2xx + r.errors > 0 ? `; ${side}: ${r.non2xx} non-2xx, ${r.errors} errors` : '')).join('');

function load(url, method, body, connections, duration, signal) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, method, body, connections, duration }, (error, result) => {
      signal.removeEventListener('abort', stop);
      if (error) return reject(error);
      resolve({ requests: result.requests.total, seconds: result.duration, requestsPerSecond: result.requests.total / result.duration, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors });
    });
    const stop = () => instance.stop();
    signal.addEventListener('abort', stop, { once: true });
  });
}
