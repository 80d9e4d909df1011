// `node scripts/bench/group-commit-model.mjs [--root DIR] [--clients 64] [--think 15] [--seconds 20]
// [--fill-wait MS] [--max-writes N]`: the built GroupCommit of DIR (default: this checkout) against a model of etcd
// instead of etcd, so that a commit policy can be judged on a machine too loaded to show it in the
// stack. Each write takes a commit time drawn from a fixed mix (90 % 4-8 ms, 8 % 10-25 ms, 2 % 30-60 ms:
// shaped after the store bench's commit histograms on this machine, a backend commit or a descheduled process
// making the slow ones), and no write is answered before one sent earlier (etcd applies in order).
// Closed loop: each caller adds an item, waits for it, then 0.5-1.5 × think ms (the rest of the
// stack), as the bench's connections do. Prints item latency p50 / p90 / p99 / p99.9 and writes per item.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    root: { type: 'string', default: resolve(import.meta.dirname, '../..') },
    clients: { type: 'string', default: '64' },
    think: { type: 'string', default: '15' },
    seconds: { type: 'string', default: '20' },
    'fill-wait': { type: 'string', default: '3' },
    'max-writes': { type: 'string', default: '4' },
    seed: { type: 'string', default: '1' },
  },
});
const { GroupCommit } = await import(pathToFileURL(join(resolve(args.root), 'dist/libs/infra-etcd/src/group-commit.js')).href);

// A seeded generator, so that both builds see the same sequence of commit times.
let state = Number(args.seed) >>> 0 || 1;
const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const commitMs = () => {
  const r = random();
  if (r < 0.9) return 4 + 4 * random();
  if (r < 0.98) return 10 + 15 * random();
  return 30 + 30 * random();
};

let lastAnswer = 0;
let writes = 0;
const write = async (batch) => {
  writes++;
  const answerAt = Math.max(performance.now() + commitMs(), lastAnswer + 0.1);
  lastAnswer = answerAt;
  await new Promise((r) => setTimeout(r, answerAt - performance.now()));
  batch.forEach((w) => w.done(true));
};
const options = { maxBatch: 64, maxWrites: Number(args['max-writes']), fillTarget: 32, fillWaitMs: Number(args['fill-wait']) };
const commit = new GroupCommit(write, options);

const latencies = [];
const end = performance.now() + Number(args.seconds) * 1000;
const think = Number(args.think);
const caller = async () => {
  while (performance.now() < end) {
    const t0 = performance.now();
    await commit.add(0);
    latencies.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, think * (0.5 + Math.random())));
  }
};
await Promise.all(Array.from({ length: Number(args.clients) }, caller));
latencies.sort((a, b) => a - b);
const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(1);
console.log(`${args.root} fill wait ${args['fill-wait']} ms, max writes ${args['max-writes']}: ${latencies.length} items (${Math.round(latencies.length / Number(args.seconds))}/s), ${(latencies.length / writes).toFixed(1)} per write; latency p50 ${q(0.5)} / p90 ${q(0.9)} / p99 ${q(0.99)} / p99.9 ${q(0.999)} ms`);
