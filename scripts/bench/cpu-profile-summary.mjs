// `node scripts/bench/cpu-profile-summary.mjs FILE.cpuprofile [TOP]`: where one app spent its CPU in
// a profile written by `npm run bench -- --cpu-prof DIR`: self time per package (node_modules/<pkg>,
// our dist/<lib or app>, node internals) and the TOP functions by self and by total time.
import { readFileSync } from 'node:fs';

const [file, topText = '25'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/bench/cpu-profile-summary.mjs FILE.cpuprofile [TOP]');
  process.exit(2);
}
const top = Number(topText);
const { nodes, samples, timeDeltas } = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(nodes.map((node) => [node.id, node]));
const selfMicros = new Map();
samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + Math.max(0, timeDeltas[i] ?? 0)));
const parent = new Map();
for (const node of nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const where = ({ callFrame: { url } }) => {
  const dep = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dep) return dep[1];
  const ours = /dist\/((?:apps|libs)\/[^/]+)/.exec(url);
  if (ours) return ours[1];
  return url.startsWith('node:') ? 'node' : url ? 'other' : '(native/idle)';
};
const label = (node) => `${node.callFrame.functionName || '(anonymous)'} ${where(node)}${node.callFrame.url ? `:${node.callFrame.lineNumber + 1}` : ''}`;

const total = [...selfMicros.values()].reduce((sum, v) => sum + v, 0);
const idle = [...selfMicros].filter(([id]) => byId.get(id).callFrame.functionName === '(idle)').reduce((sum, [, v]) => sum + v, 0);
const busy = total - idle;
const add = (map, key, value) => map.set(key, (map.get(key) ?? 0) + value);
const byPackage = new Map(), bySelf = new Map(), byTotal = new Map();
for (const [id, micros] of selfMicros) {
  const node = byId.get(id);
  if (node.callFrame.functionName === '(idle)') continue;
  add(byPackage, where(node), micros);
  add(bySelf, label(node), micros);
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const name = label(byId.get(at));
    if (!seen.has(name)) add(byTotal, name, micros);
    seen.add(name);
  }
}
const pct = (v) => `${((100 * v) / busy).toFixed(1).padStart(5)} %`;
const print = (title, map, n) => {
  console.log(`\n${title}`);
  for (const [name, v] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`  ${pct(v)}  ${name}`);
};
console.log(`${file}: busy ${(busy / 1e6).toFixed(2)} s of ${(total / 1e6).toFixed(2)} s sampled`);
print('self time by package', byPackage, 20);
print(`top ${top} functions by self time`, bySelf, top);
print(`top ${top} functions by total time`, byTotal, top);
