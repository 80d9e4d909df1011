// `node scripts/bench/nats-reply-permissions.mjs [SECONDS]`: nats-server's CPU per request for the
// three-party issue path (requester → forwarder → responder), relayed or handed on, with the
// forwarder answering through `allow_responses` or through a publish right on the requester's inbox
// prefix (docs/performance.md, "The bus"). Prints nats-server µs per request every 3 s: on
// nats-server 2.9 the hand-on with allow_responses grows once the forwarder holds 4,096 unused
// reply permissions.
import { connect } from '@nats-io/transport-node';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBinaries, freePort, startNats } from '../lib/servers.mjs';

const seconds = Number(process.argv[2] ?? 12);
const ANSWER = 'x'.repeat(530); // an issued credential, as the issuer answers AssumeRole
const IN_FLIGHT = 64;

const forwarderPermissions = (answers) => ({
  publish: { allow: ['bench.issue', ...(answers === 'inbox-prefix' ? ['_INBOX.requester.forwarder.>'] : [])] },
  subscribe: { allow: ['bench.verify forwarder', '_INBOX.forwarder.>'] },
  ...(answers === 'allow_responses' ? { allow_responses: true } : {}),
});

async function measure(path, answers) {
  ensureBinaries({ need: ['nats-server'] });
  const dir = mkdtempSync(join(tmpdir(), 'nats-reply-permissions-'));
  const users = [
    { user: 'requester', password: 'p', permissions: { publish: { allow: ['bench.verify'] }, subscribe: { allow: ['_INBOX.requester.>'] } } },
    { user: 'forwarder', password: 'p', permissions: forwarderPermissions(answers) },
    { user: 'responder', password: 'p', permissions: { publish: { deny: ['>'] }, subscribe: { allow: ['bench.issue responder'] }, allow_responses: true } },
  ];
  const configFile = join(dir, 'nats.conf');
  writeFileSync(configFile, `authorization: ${JSON.stringify({ users })}\n`);
  const server = await startNats({ port: await freePort(), logFile: join(dir, 'nats.log'), configFile });
  const cpuMicros = () => {
    const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000; // utime + stime, in 100 Hz ticks
  };
  // The requester waits for the forwarder's answers under the prefix kept for it, as the gateway does.
  const as = (user, inboxPrefix = `_INBOX.${user}`) => connect({ servers: server.url, user, pass: 'p', inboxPrefix });
  const [requester, forwarder, responder] = await Promise.all([as('requester', '_INBOX.requester.forwarder'), as('forwarder'), as('responder')]);
  responder.subscribe('bench.issue', { queue: 'responder', callback: (_error, msg) => msg.respond(ANSWER) });
  forwarder.subscribe('bench.verify', {
    queue: 'forwarder',
    callback: async (_error, msg) => {
      if (path === 'hand-on') return forwarder.publish('bench.issue', msg.data, { reply: msg.reply });
      msg.respond((await forwarder.request('bench.issue', msg.data, { timeout: 5000 })).data);
    },
  });
  await Promise.all([forwarder.flush(), responder.flush()]); // both subscriptions are known to the server
  let done = 0;
  const end = Date.now() + seconds * 1000;
  const worker = async () => {
    while (Date.now() < end) {
      await requester.request('bench.verify', 'verify', { timeout: 5000 });
      done++;
    }
  };
  let last = { cpu: cpuMicros(), done: 0 };
  const report = setInterval(() => {
    const now = { cpu: cpuMicros(), done };
    console.log(`${path.padEnd(8)} ${answers.padEnd(15)} ${String(now.done - last.done).padStart(6)} requests, nats-server ${((now.cpu - last.cpu) / Math.max(1, now.done - last.done)).toFixed(0)} µs/request`);
    last = now;
  }, 3000);
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  clearInterval(report);
  await Promise.all([requester.close(), forwarder.close(), responder.close()]);
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}

for (const [path, answers] of [['relay', 'allow_responses'], ['hand-on', 'allow_responses'], ['hand-on', 'inbox-prefix'], ['relay', 'inbox-prefix']]) await measure(path, answers);
