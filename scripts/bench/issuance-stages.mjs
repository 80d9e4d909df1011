// `node scripts/bench/issuance-stages.mjs [--scenario assume-role|web-identity] [--duration S] [--keep DIR]
// [--root DIR] [-- BENCH ARGS]` (or `--analyse DIR` of an earlier run): where an issuance's latency
// goes. Runs `scripts/bench.mjs` of DIR (default: this checkout, built) for one issuance
// scenario with issuance-stages-preload.mjs in every app, joins the stamps by request id and prints,
// for the measured requests (the first 2.5 s, the warm-up, are left out), p50 / p90 / p99 / max of
// each hop (gateway → verifier → issuer → etcd → gateway → audit), and the mean of each hop over
// the slowest 1 % and over the rest: which stage makes the p99. Diagnosis only (the preload adds CPU).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    scenario: { type: 'string', default: 'assume-role' },
    duration: { type: 'string', default: '8' },
    keep: { type: 'string' },
    analyse: { type: 'string' },
    root: { type: 'string', default: resolve(import.meta.dirname, '../..') },
  },
});

const HOPS = [
  ['to verifier', 'gateway.verify', 'verifier.in'],
  ['verifier', 'verifier.in', 'verifier.handOn'],
  ['to issuer', 'verifier.handOn', 'issuer.in'],
  ['mint', 'issuer.in', 'issuer.store'],
  ['wait for a transaction', 'issuer.store', 'issuer.txn'],
  ['leases', 'issuer.txn', 'issuer.commit'],
  ['etcd txn', 'issuer.commit', 'issuer.committed'],
  ['answer out', 'issuer.committed', 'issuer.answer'],
  ['to gateway', 'issuer.answer', 'gateway.answered'],
  ['audit ack', 'gateway.answered', 'gateway.audited'],
  ['HTTP answer', 'gateway.audited', 'gateway.end'],
  ['gateway total', 'gateway.start', 'gateway.end'],
];
const WARMUP_MS = 2500;

const dir = args.analyse ? resolve(args.analyse) : mkdtempSync(join(args.keep ? resolve(args.keep) : tmpdir(), 'issuance-stages-'));
if (!args.analyse) {
  const preload = `${pathToFileURL(resolve(import.meta.dirname, 'issuance-stages-preload.mjs')).href}?dir=${encodeURIComponent(dir)}`;
  const env = { ...process.env, STS_NODE_FLAGS: [process.env.STS_NODE_FLAGS, `--import=${preload}`].filter(Boolean).join(' ') };
  const bench = resolve(args.root, 'scripts/bench.mjs');
  const run = spawnSync(process.execPath, [bench, '--scenarios', args.scenario, '--duration', args.duration, ...positionals], { env, stdio: 'inherit' });
  if (run.status !== 0) process.exitCode = run.status ?? 1;
}
analyse(dir);

function analyse(from) {
  const requests = new Map();
  for (const file of readdirSync(from).filter((f) => f.endsWith('.stages'))) {
    for (const line of readFileSync(join(from, file), 'utf8').split('\n')) {
      const [id, stage, ms] = line.split(' ');
      if (!ms) continue;
      let stamps = requests.get(id);
      if (!stamps) requests.set(id, (stamps = {}));
      // A retried store write stamps again: keep the last transaction.
      stamps[stage] = Number(ms);
    }
  }
  const complete = [...requests.values()].filter((s) => s['gateway.start'] && s['gateway.end'] && s['issuer.committed']);
  if (complete.length === 0) return console.log(`no complete issuance in ${from}`);
  const first = Math.min(...complete.map((s) => s['gateway.start']));
  const measured = complete.filter((s) => s['gateway.start'] >= first + WARMUP_MS).sort((a, b) => total(a) - total(b));
  const slow = measured.slice(Math.floor(measured.length * 0.99));
  const rest = measured.slice(0, Math.floor(measured.length * 0.99));
  console.log(`${measured.length} issuances joined (${dir}); ms per hop:`);
  console.log(`${'hop'.padEnd(24)} ${'p50'.padStart(7)} ${'p90'.padStart(7)} ${'p99'.padStart(7)} ${'max'.padStart(7)}   mean: slowest 1 % / the rest`);
  for (const [name, from, to] of HOPS) {
    const spans = measured.map((s) => s[to] - s[from]).filter(Number.isFinite).sort((a, b) => a - b);
    if (spans.length === 0) continue;
    const q = (p) => spans[Math.min(spans.length - 1, Math.floor(p * spans.length))].toFixed(1).padStart(7);
    const mean = (list) => (list.map((s) => s[to] - s[from]).filter(Number.isFinite).reduce((a, b) => a + b, 0) / Math.max(1, list.length)).toFixed(1);
    console.log(`${name.padEnd(24)} ${q(0.5)} ${q(0.9)} ${q(0.99)} ${q(1)}   ${mean(slow)} / ${mean(rest)}`);
  }
}

function total(s) {
  return s['gateway.end'] - s['gateway.start'];
}
