import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os'; import { join } from 'node:path';
import { freePort, startNats } from '../lib/servers.mjs';
const dir = mkdtempSync(join(tmpdir(), 'core-'));
writeFileSync(join(dir, 'n.conf'), `jetstream: ${JSON.stringify({ store_dir: join(dir, 'js') })}\n`);
const server = await startNats({ port: await freePort(), logFile: join(dir, 'n.log'), configFile: join(dir, 'n.conf') });
const cpu = () => { const f = readFileSync(`/proc/${server.pid}/stat`, 'utf8'); const x = f.slice(f.lastIndexOf(')') + 2).split(' '); return (Number(x[11]) + Number(x[12])) * 10; };
const nc = await connect({ servers: server.url }); const rc = await connect({ servers: server.url });
rc.subscribe('svc', { callback: (_e, m) => m.respond('y'.repeat(500)) });
await rc.flush();
const jsm = await jetstreamManager(nc); await jsm.streams.add({ name: 'A', subjects: ['a'] }); const js = jetstream(nc);
const payload = 'x'.repeat(600);
for (const label of ['request-reply, 4 per turn', 'jetstream publish, 1 per turn']) {
  const c0 = cpu(); const t0 = Date.now(); let n = 0;
  while (Date.now() - t0 < 4000) {
    if (label.startsWith('request')) await Promise.all([0, 1, 2, 3].map(() => nc.request('svc', payload, { timeout: 5000 })));
    else await js.publish('a', payload);
    n += label.startsWith('request') ? 4 : 1;
    await new Promise((r) => setTimeout(r, 2));
  }
  const ms = cpu() - c0; console.log(`GOMAXPROCS=${process.env.GOMAXPROCS ?? 'default'} ${label}: ${n}, nats-server ${((ms * 1000) / n).toFixed(1)} µs/msg`);
}
await nc.close(); await rc.close(); await server.stop();
