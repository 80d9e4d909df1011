// S3 through the gateway against the same backend directly, in one run: 4 KiB GetObject and
// PutObject (presigned URLs replayed by autocannon, so no client-side signing is measured), then one
// large object up and down, with the gateway's RSS growth (it streams: no whole-object buffering).
// Each leg also reports the CPU time of the gateway, the backend and the load generator: with three
// processes on two cores, throughput ratios move with the load; CPU per request or per MiB does not.
import autocannon from 'autocannon';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3Client, presign, legCpu, formatLegCpu, BUCKET } from './s3-legs.mjs';
import { largeObject } from './s3-large.mjs';
import { restartProfiles, saveProfiles } from './cpu-profiles.mjs';

const SMALL_BYTES = 4096;

/** Prints the S3 rows; resolves the number of failed runs. */
export async function runS3Scenarios(target, temporaryKeys, options, signal) {
  const through = s3Client(target.gateways[0], temporaryKeys);
  const direct = s3Client(target.s3.url, target.s3.keys);
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
      const profile = side === 'gateway' && options.cpuProfDir;
      if (profile) await restartProfiles(target, options.cpuProfDir);
      const cpu = legCpu(target);
      results[side] = await load(url, method, body, options.connections, options.duration, signal);
      results[side].cpu = cpu.stop(results[side].requests);
      if (profile) await saveProfiles(target, options.cpuProfDir, name.replaceAll(' ', '-'));
      if (signal.aborted) return failed;
      if (results[side].non2xx + results[side].errors > 0) failed++;
    }
    const ratio = results.gateway.requestsPerSecond / results.direct.requestsPerSecond;
    console.log(`${name.padEnd(20)} gateway ${fmt(results.gateway.requestsPerSecond)} req/s (p99 ${results.gateway.p99} ms), direct ${fmt(results.direct.requestsPerSecond)} req/s (p99 ${results.direct.p99} ms): ratio ${ratio.toFixed(2)} (goal ≥ 0.70)${failsOf(results)}`);
    console.log(`  µs CPU/request: ${formatLegCpu(results, 1)}`);
  }
  failed += await largeObject(target, through, direct, options, signal);
  return failed;
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const failsOf = (results) => Object.entries(results).map(([side, r]) => (r.non2xx + r.errors > 0 ? `; ${side}: ${r.non2xx} non-2xx, ${r.errors} errors` : '')).join('');

function load(url, method, body, connections, duration, signal) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, method, body, connections, duration }, (error, result) => {
      signal.removeEventListener('abort', stop);
      if (error) return reject(error);
      resolve({ requests: result.requests.total, requestsPerSecond: result.requests.total / result.duration, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors });
    });
    const stop = () => instance.stop();
    signal.addEventListener('abort', stop, { once: true });
  });
}
