// `node scripts/bench/issuance-store.mjs [--rate N] [--duration S] [--root DIR]`: the issuer's minting
// and etcd write path alone, without NATS or the other apps. Starts one etcd as the stack does (JWT
// auth, the issuer's own etcd user), mints AssumeRole-like credentials with the built IssueCredentials
// and EtcdCredentialStore of DIR (default: this checkout) at a fixed offered rate, and prints the CPU
// per credential of this process (mint + etcd client) and of etcd, the latency of `execute`, and how
// many credentials went in each transaction. `--mint-only`: mint against an in-memory store;
// `--batch N`: closed loop, N credentials per transaction, to separate etcd's per-transaction and
// per-credential costs; `--watchers N [--watch-deletes-only]`: N gateways' credential watches;
// `--parents N`: credentials for N parent users in turn (default 1); `--scenario web-identity`: records
// and tokens as AssumeRoleWithWebIdentity mints them (a hashed OpenID parent, a policy, the IdP's claims); `--no-auth`, `--etcd-args=...`: etcd variants; `--fill-wait MS`, `--max-writes N`: the store's fill wait under load and the most transactions a backlog leaves in at once;
// `--clients N [--think MS]`: closed loop instead of an offered rate, N callers each issuing again 0.5-1.5 × MS
// (default 15, the rest of the stack's share at 64 connections) after its answer, as the stack's
// connections do (what a commit policy does to the tail shows only there: arrivals follow answers);
// `--stall MS`: etcd stopped (SIGSTOP) for MS every 2 s of the measured run, as a slow disk or a descheduled etcd would; `--pprof FILE`: etcd's own CPU profile (pprof
// format) of the measured run; `--cpu-prof FILE`: this process's. Its CPU includes the load loop.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { sampleCpu } from './cpu.mjs';
import { freePorts, startEtcd } from '../lib/servers.mjs';
import { ensureEtcdSecrets, provisionEtcd } from '../lib/store-users.mjs';

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '2000' },
    duration: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '2' },
    root: { type: 'string', default: resolve(import.meta.dirname, '../..') },
    'mint-only': { type: 'boolean', default: false },
    'no-auth': { type: 'boolean', default: false },
    'etcd-args': { type: 'string', default: '' },
    pprof: { type: 'string' },
    'cpu-prof': { type: 'string' },
    batch: { type: 'string' },
    watchers: { type: 'string', default: '0' },
    'fill-wait': { type: 'string' },
    'max-writes': { type: 'string' },
    stall: { type: 'string', default: '0' },
    clients: { type: 'string' },
    think: { type: 'string', default: '15' },
    'watch-deletes-only': { type: 'boolean', default: false },
    parents: { type: 'string', default: '1' },
    scenario: { type: 'string', default: 'assume-role' },
  },
});
const rate = Number(args.rate);
const root = resolve(args.root);
const load = (lib) => import(pathToFileURL(join(root, 'dist/libs', lib, 'src/index.js')).href);
const domain = await load('domain');
const infraEtcd = await load('infra-etcd');

const issuerApp = 'credential-issuer';
const dir = mkdtempSync(join(tmpdir(), 'issuance-store-'));
let etcd;
let connection;
const watchConnections = [];
const watchers = [];
try {
  let store;
  if (args['mint-only']) {
    store = { create: async () => true };
  } else {
    const secrets = ensureEtcdSecrets(join(dir, 'secrets'), [issuerApp]);
    const [clientPort, peerPort] = await freePorts(2);
    const extraArgs = [...(args.pprof ? ['--enable-pprof'] : []), ...args['etcd-args'].split(' ').filter(Boolean)];
    const auth = !args['no-auth'];
    etcd = await startEtcd({ clientPort, peerPort, dataDir: join(dir, 'etcd'), logFile: join(dir, 'etcd.log'), fast: true, extraArgs, ...(auth ? { authToken: secrets.authToken } : {}) });
    if (auth) await provisionEtcd({ endpoint: etcd.url, secrets, apps: [issuerApp] });
    const password = readFileSync(secrets.passwordFiles[issuerApp], 'utf8').trim();
    connection = infraEtcd.connectEtcd({ endpoints: [etcd.url], prefix: '', timeoutMs: 2000, ...(auth ? { auth: { username: issuerApp, password } } : {}) });
    const batching = {
      ...(args['fill-wait'] === undefined ? {} : { fillWaitMs: Number(args['fill-wait']) }),
      ...(args['max-writes'] === undefined ? {} : { maxWrites: Number(args['max-writes']) }),
    };
    store = new infraEtcd.EtcdCredentialStore(connection, undefined, batching);
    // Gateways watch the credential prefix (the revocation backstop): one watcher per gateway, here on a connection of its own.
    for (let i = 0; i < Number(args.watchers); i++) {
      const watching = infraEtcd.connectEtcd(connection.options);
      const builder = watching.keys.watch().prefix('sts/credentials/');
      watchers.push((args['watch-deletes-only'] ? builder.only('delete') : builder).create().then((w) => w.on('delete', () => {}).on('put', () => {})));
      watchConnections.push(watching);
    }
  }
  const batches = countBatches(store);
  const grants = countLeaseWaits(store);
  const { randomBytes } = await import('node:crypto');
  // As the issuer draws its random bytes (issuer.providers.ts).
  const random = new domain.RandomPool();
  const sealer = new domain.SecretSealer({ name: 'bench', key: randomBytes(32) });
  // Builds from before SessionTokenKey signed with a plain { kid, secret }.
  const signingKey = domain.SessionTokenKey ? new domain.SessionTokenKey('bench-kid', randomBytes(64)) : { kid: 'bench-kid', secret: randomBytes(64) };
  const issue = new domain.IssueCredentials(store, { active: () => signingKey }, sealer, { now: () => Date.now() }, random);
  // `--parents N`: the credentials go to N parent users in turn (the by-parent index groups a transaction's by parent).
  const parents = Number(args.parents);
  const userName = (i) => (parents === 1 ? 'bench-user' : `bench-user-${i}`);
  // As the oidc-verifier hands on the bench's token (scripts/bench/identity-providers.mjs).
  const webIdentity = (i) => ({
    requestId: 'bench', provider: 'openid', parent: domain.openIdParentUser(userName(i), 'http://127.0.0.1:38495'), durationSeconds: 3600, policies: ['readwrite'],
    claims: { iss: 'http://127.0.0.1:38495', sub: userName(i), aud: 'sts-bench', policy: 'readwrite' },
  });
  const assumeRole = (i) => ({ requestId: 'bench', provider: 'builtin', parent: userName(i), durationSeconds: 3600, roleSessionName: 'bench-session' });
  const requests = Array.from({ length: parents }, (_, i) => (args.scenario === 'web-identity' ? webIdentity(i) : assumeRole(i)));
  let issued = 0;
  const request = () => requests[issued++ % parents];

  const fixedBatch = Number(args.batch ?? 0);
  const runFixed = async (seconds) => {
    // Closed loop: mint `fixedBatch` records, commit them in one transaction, repeat (one in flight).
    const latencies = [];
    const start = performance.now();
    const recording = { create: async (record) => { records.push(record); return true; } };
    let records = [];
    const minter = new domain.IssueCredentials(recording, { active: () => signingKey }, sealer, { now: () => Date.now() }, random);
    while (performance.now() - start < seconds * 1000) {
      const t0 = performance.now();
      records = [];
      for (let i = 0; i < fixedBatch; i++) await minter.execute(request());
      const leases = await Promise.all(records.map((r) => store.leases.leaseFor(r.expiresAt, Date.now())));
      // Builds with `encodable` (one malformed record fails alone) hand commit the encoded value too.
      await store.commit(records.map((r, i) => (store.encodable ? [r, infraEtcd.encodeCredentialRecord(r), leases[i]] : [r, leases[i]])));
      const t = performance.now() - t0;
      for (let i = 0; i < fixedBatch; i++) latencies.push(t);
    }
    return { latencies, failed: 0, seconds: (performance.now() - start) / 1000 };
  };
  const runClosed = async (seconds) => {
    const latencies = [];
    let failed = 0;
    const start = performance.now();
    const think = Number(args.think);
    const caller = async () => {
      while (performance.now() - start < seconds * 1000) {
        const t0 = performance.now();
        await issue.execute(request()).then(() => latencies.push(performance.now() - t0), () => failed++);
        if (think > 0) await new Promise((r) => setTimeout(r, think * (0.5 + Math.random())));
      }
    };
    await Promise.all(Array.from({ length: Number(args.clients) }, caller));
    return { latencies, failed, seconds: (performance.now() - start) / 1000 };
  };
  const run = fixedBatch ? runFixed : args.clients ? runClosed : async (seconds) => {
    const latencies = [];
    let failed = 0;
    const inFlight = new Set();
    const start = performance.now();
    let started = 0;
    while (performance.now() - start < seconds * 1000) {
      const due = Math.floor(((performance.now() - start) / 1000) * rate) - started;
      for (let i = 0; i < due; i++) {
        const t0 = performance.now();
        const p = issue.execute(request()).then(() => latencies.push(performance.now() - t0), () => failed++).finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      started += Math.max(0, due);
      await new Promise((r) => setTimeout(r, 1));
    }
    await Promise.all(inFlight);
    return { latencies, failed, seconds: (performance.now() - start) / 1000 };
  };

  await run(Number(args.warmup));
  batches.reset();
  grants.reset();
  const stalls = etcd && Number(args.stall) > 0 ? stallEvery(2000, Number(args.stall), etcd.pid) : undefined;
  const processes = etcd ? [{ name: 'etcd', pid: etcd.pid }] : [];
  const profile = args.pprof ? fetch(`${etcd.url}/debug/pprof/profile?seconds=${args.duration}`).then((r) => r.arrayBuffer()) : undefined;
  const session = args['cpu-prof'] ? await profiling() : undefined;
  const gc = gcPauses();
  const disk = etcd ? await etcdDiskMetrics(etcd.url) : undefined;
  const before = sampleCpu(processes);
  const { latencies, failed, seconds } = await run(Number(args.duration));
  const after = sampleCpu(processes);
  stalls?.stop();
  const diskAfter = etcd ? await etcdDiskMetrics(etcd.url) : undefined;
  gc.stop();
  if (session) writeFileSync(args['cpu-prof'], JSON.stringify((await session.post('Profiler.stop')).profile));
  const n = latencies.length;
  latencies.sort((a, b) => a - b);
  const perCredential = (a, b) => Math.round(((b - a) * 1e6) / n);
  const pct = (q) => latencies[Math.min(n - 1, Math.floor(q * n))].toFixed(1);
  const offered = args.clients ? `${args.clients} callers, ${args.think} ms apart,` : `offered ${rate}/s`;
  console.log(`root ${root}, ${args.scenario}; ${offered}${parents > 1 ? ` (${parents} parents)` : ''} for ${args.duration} s: ${n} credentials (${Math.round(n / seconds)}/s), ${failed} failed`);
  console.log(`  execute latency p50 ${pct(0.5)} ms, p90 ${pct(0.9)} ms, p99 ${pct(0.99)} ms`);
  console.log(`  µs CPU per credential: issuer (mint + etcd client) ${perCredential(before.loadGenerator, after.loadGenerator)}` +
    (etcd ? `, etcd ${perCredential(before.servers.get('etcd'), after.servers.get('etcd'))}` : ''));
  console.log(`  GC per 1,000 credentials: ${gc.summary(n)}`);
  if (batches.count) {
    const ms = batches.ms.sort((a, b) => a - b);
    const q = (p) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))].toFixed(1);
    console.log(`  transactions: ${batches.count}, ${(batches.items / batches.count).toFixed(1)} credentials each, commit p50 ${q(0.5)} / p90 ${q(0.9)} / p99 ${q(0.99)} / max ${q(1)} ms`);
  }
  if (grants.asked) console.log(`  leases: ${grants.asked} asked for, ${grants.pending} (${((grants.pending * 1000) / grants.asked).toFixed(1)} per 1,000) still being granted when their transaction needed them` + (stalls ? `; etcd stalled ${stalls.count()} × ${args.stall} ms` : ''));
  if (disk) for (const [name, h] of diskAfter) console.log(`  etcd ${name}: ${describeHistogram(h, disk.get(name))}`);
  if (profile) writeFileSync(args.pprof, Buffer.from(await profile));
  if (etcd) {
    const { kvs } = await connection.keys.getAll().prefix('sts/credentials/').limit(1).exec();
    if (kvs[0]) console.log(`  one record: key ${kvs[0].key.length} B, value ${kvs[0].value.length} B`);
  }
} finally {
  connection?.close();
  // A watch left open on a closed client reconnects on its backoff timer forever, and the process never exits.
  await Promise.allSettled(watchers.map((w) => w.then((watcher) => watcher.cancel())));
  watchConnections.forEach((c) => c.close());
  await etcd?.stop();
  rmSync(dir, { recursive: true, force: true });
}

/** This process's GC pauses by kind (minor = scavenge), from perf_hooks. */
function gcPauses() {
  const kinds = new Map();
  const names = { [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor', [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major', [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental', [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb' };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = names[entry.detail?.kind] ?? 'other';
      const k = kinds.get(kind) ?? { count: 0, ms: 0, max: 0 };
      k.count++;
      k.ms += entry.duration;
      k.max = Math.max(k.max, entry.duration);
      kinds.set(kind, k);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    stop: () => observer.disconnect(),
    summary: (n) => [...kinds].map(([kind, k]) => `${kind} ${((k.count * 1000) / n).toFixed(1)} × (${((k.ms * 1000) / n).toFixed(1)} ms, longest ${k.max.toFixed(1)} ms)`).join(', ') || 'none',
  };
}

async function profiling() {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return session;
}

/** etcd's own disk histograms (cumulative buckets, seconds) from its /metrics. */
async function etcdDiskMetrics(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const result = new Map();
  const histograms = { 'WAL fsync': 'etcd_disk_wal_fsync_duration_seconds', 'backend commit': 'etcd_disk_backend_commit_duration_seconds' };
  for (const [name, metric] of Object.entries(histograms)) {
    const buckets = [...text.matchAll(new RegExp(`^${metric}_bucket\\{le="([^"]+)"\\} (\\S+)$`, 'gm'))].map((m) => [Number(m[1]), Number(m[2])]);
    const sum = Number(text.match(new RegExp(`^${metric}_sum (\\S+)$`, 'm'))?.[1] ?? 0);
    result.set(name, { buckets, sum });
  }
  return result;
}

/** Count, mean and the bucket bound under which 50 / 99 % of the run's observations fell. */
function describeHistogram(after, before) {
  const counts = after.buckets.map(([le, c], i) => [le, c - (before.buckets[i]?.[1] ?? 0)]);
  const n = counts.at(-1)?.[1] ?? 0;
  if (n === 0) return 'none';
  const bound = (q) => counts.find(([, c]) => c >= q * n)?.[0] ?? Infinity;
  const ms = (s) => (s * 1000).toFixed(s < 0.01 ? 1 : 0);
  return `${n} (${((after.sum - before.sum) * 1000 / n).toFixed(1)} ms mean, p50 ≤ ${ms(bound(0.5))} ms, p99 ≤ ${ms(bound(0.99))} ms)`;
}

/** Lease requests of the store's transactions, and how many found their grant still in flight (bench only). */
function countLeaseWaits(store) {
  const counter = { asked: 0, pending: 0, reset() { this.asked = 0; this.pending = 0; } };
  const leases = store.leases;
  if (!leases) return counter;
  // Every grant is marked when it settles (LeaseBuckets' private `grant`), so a lease handed out is known to be ready or not.
  const settled = new WeakSet();
  const grant = leases.grant.bind(leases);
  leases.grant = (...a) => {
    const id = grant(...a);
    id.then(() => settled.add(id), () => {});
    return id;
  };
  const leaseFor = leases.leaseFor.bind(leases);
  leases.leaseFor = (...a) => {
    const id = leaseFor(...a);
    counter.asked++;
    if (!settled.has(id)) counter.pending++;
    return id;
  };
  return counter;
}

/** SIGSTOP / SIGCONT of `pid` for `ms` every `periodMs`. */
function stallEvery(periodMs, ms, pid) {
  let count = 0;
  const timer = setInterval(() => {
    process.kill(pid, 'SIGSTOP');
    count++;
    setTimeout(() => process.kill(pid, 'SIGCONT'), ms);
  }, periodMs);
  return { count: () => count, stop: () => clearInterval(timer) };
}

/** Counts the store's write transactions by wrapping its private `commit` (bench only). */
function countBatches(store) {
  const counter = { count: 0, items: 0, ms: [], reset() { this.count = 0; this.items = 0; this.ms = []; } };
  const commit = store.commit?.bind(store);
  if (commit) {
    store.commit = (items) => {
      counter.count++;
      counter.items += items.length;
      const t0 = performance.now();
      return commit(items).finally(() => counter.ms.push(performance.now() - t0));
    };
  }
  return counter;
}
