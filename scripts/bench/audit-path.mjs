// `node scripts/bench/audit-path.mjs [--builds DIR[:GATHER_MS],...] [--rate N] [--burst K] [--seconds S] [--rounds R]`:
// the audit path of issuance alone (docs/performance.md, "Issuance over the bus, fourth pass"). One
// nats-server with JetStream, the built audit-sink of this tree writing to a file, and in this
// process the built AuditPublisher of each build in --builds (default: this tree), each on its own
// NATS connection. Events are recorded open-loop at --rate per second, --burst of them in one
// event-loop turn (as a gateway's turn finishes several issuances at once); builds take turns,
// --rounds each. Prints per round: stream messages per event, CPU µs per event of nats-server, the
// sink and this process (publisher plus the load loop, the same for every build), and the
// latency of `record` (p50 / p99 ms).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { ensureBinaries, freePort, startNats } from '../lib/servers.mjs';
import { JETSTREAM_MAX_FILE_STORE } from '../lib/bus-users.mjs';

const { values } = parseArgs({
  options: {
    builds: { type: 'string', default: '.' },
    rate: { type: 'string', default: '2000' },
    burst: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '3' },
  },
});
// DIR or DIR:GATHER_MS (the publisher's gatherMs option, where the build has it).
const builds = values.builds.split(',').map((entry) => {
  const [dir, gatherMs] = entry.split(':');
  return { dir: resolve(dir), label: entry, gatherMs: gatherMs === undefined ? undefined : Number(gatherMs) };
});
const [rate, burst, seconds, rounds] = [values.rate, values.burst, values.seconds, values.rounds].map(Number);

const cpuMicros = (pid, which = 'both') => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [user, system] = [Number(fields[11]), Number(fields[12])];
  return (which === 'system' ? system : user + system) * 10_000; // utime + stime, in 100 Hz ticks
};
const ownMicros = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

ensureBinaries({ need: ['nats-server'] });
const dir = mkdtempSync(join(tmpdir(), 'audit-path-'));
const monitorPort = await freePort();
const configFile = join(dir, 'nats.conf');
writeFileSync(configFile, `jetstream: ${JSON.stringify({ store_dir: join(dir, 'js'), max_file_store: JETSTREAM_MAX_FILE_STORE })}\nhttp_port: ${monitorPort}\n`);
const server = await startNats({ port: await freePort(), logFile: join(dir, 'nats.log'), configFile });
const varz = async () => (await (await fetch(`http://127.0.0.1:${monitorPort}/varz`)).json());

const sink = spawn(process.execPath, [...(process.env.AUDIT_SINK_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), 'dist/apps/audit-sink/src/main.js'], {
  env: { PATH: process.env.PATH, NATS_URL: server.url, STS_AUDIT_OUTPUT: process.env.AUDIT_SINK_OUTPUT ?? join(dir, 'audit.log'), STS_LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'inherit', 'inherit'],
});

const publishers = [];
for (const build of builds) {
  const nats = await import(pathToFileURL(join(build.dir, 'dist/libs/infra-nats/src/index.js')).href);
  const client = new nats.StsClient({ servers: [server.url], timeoutMs: 5000, name: `bench-${publishers.length}`, app: 'api-gateway' });
  await client.connect();
  const options = { deadlineMs: 5000, failOpen: false, ...(build.gatherMs === undefined ? {} : { gatherMs: build.gatherMs }) };
  publishers.push({ build: build.label, client, audit: new nats.AuditPublisher(client, options) });
}

const event = (i) => ({
  time: new Date().toISOString(), requestId: `1880000000${i}`, action: 'AssumeRole', outcome: 'issued', claimedIdentity: 'AKIAIOSFODNN7EXAMPLE',
  provider: 'assume-role', parent: 'bench-user', policies: ['readwrite'], accessKey: 'ABCDEFGHIJKLMNOPQRST', expiration: new Date().toISOString(),
  sourceIp: '127.0.0.1', userAgent: 'autocannon',
});

async function round({ audit }) {
  const latencies = [];
  let sent = 0;
  let failed = 0;
  const pending = [];
  const before = { nats: cpuMicros(server.pid), sink: cpuMicros(sink.pid), sinkSys: cpuMicros(sink.pid, 'system'), natsSys: cpuMicros(server.pid, 'system'), own: ownMicros(), msgs: (await varz()).in_msgs };
  const start = performance.now();
  await new Promise((done) => {
    const tick = setInterval(async () => {
      // What is due goes `burst` events per event-loop turn, so a late tick catches up.
      for (let due = Math.floor(((performance.now() - start) / 1000) * rate); sent < due; await new Promise(setImmediate)) {
        for (let k = 0; k < burst && sent < due; k++) {
          const at = performance.now();
          pending.push(audit.record(event(sent++)).then(() => latencies.push(performance.now() - at), () => failed++));
        }
      }
      if (performance.now() - start >= seconds * 1000 && !tick.done) {
        tick.done = true;
        clearInterval(tick);
        done();
      }
    }, Math.max(1, Math.round((1000 * burst) / rate)));
  });
  await Promise.all(pending);
  // The sink may still be writing the last messages: wait until its CPU stops moving.
  await new Promise((r) => setTimeout(r, 300));
  const after = { nats: cpuMicros(server.pid), sink: cpuMicros(sink.pid), sinkSys: cpuMicros(sink.pid, 'system'), natsSys: cpuMicros(server.pid, 'system'), own: ownMicros(), msgs: (await varz()).in_msgs };
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]?.toFixed(1);
  const per = (key) => ((after[key] - before[key]) / sent).toFixed(1);
  return `events ${sent} (failed ${failed}), nats msgs in/event ${per('msgs')}, µs/event: nats-server ${per('nats')} (kernel ${per('natsSys')}), sink ${per('sink')} (kernel ${per('sinkSys')}), publisher+loop ${per('own')}; record p50 ${at(0.5)} / p99 ${at(0.99)} ms`;
}

try {
  await new Promise((r) => setTimeout(r, 3000)); // the sink creates the stream and its consumer
  for (const publisher of publishers) await round(publisher); // warm-up
  for (let i = 0; i < rounds; i++) {
    for (const publisher of publishers) console.log(`${publisher.build}: ${await round(publisher)}`);
  }
} finally {
  for (const { client } of publishers) await client.onApplicationShutdown();
  sink.kill('SIGTERM');
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
