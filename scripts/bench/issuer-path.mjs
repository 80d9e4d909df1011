#!/usr/bin/env node
// The credential issuer's per-credential JavaScript alone, several builds in one process, CPU per
// credential by process.cpuUsage, builds alternating round by round (build-rounds.mjs). The stack's
// figures swing by ±30 % on the shared 2-core machine; this compares builds at the same moment.
//
// Each build is a directory holding `dist/` (a worktree after `npm run build`). Per credential, as
// the issuer does it: the request envelope's bytes decoded and parsed (Nest's JSON deserializer),
// the contract schema (SchemaPipe), CredentialsHandler.issueCredential with the build's
// IssueCredentials (RandomPool, SecretSealer, a 64-byte signing key), IssuedEvents, each record
// encoded as EtcdCredentialStore encodes it, and the answer serialized and encoded as Nest's NATS
// server sends it. Credentials are minted in waves of --wave, answered together, as a store
// transaction answers them. Not included: nats.js's protocol parse and socket writes, the etcd
// client (gRPC), GC pressure from those.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { printBuildMedians, runBuildRounds, subjectName } from './build-rounds.mjs';

const USAGE = `Usage: node scripts/bench/issuer-path.mjs [options] BUILD_DIR...
  --scenario NAME    assume-role (default) or web-identity (claims and policies in the request)
  --rounds N         measured rounds, each build once per round in rotating order (default 20)
  --warmup N         rounds run first and not counted (default 3)
  --requests N       credentials per build per round (default 6400)
  --wave N           credentials answered together, as one store transaction (default 25)
  --cpu-prof FILE    write a CPU profile of the measured rounds to FILE`;

function options() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      scenario: { type: 'string', default: 'assume-role' }, rounds: { type: 'string', default: '20' }, warmup: { type: 'string', default: '3' },
      requests: { type: 'string', default: '6400' }, wave: { type: 'string', default: '25' }, 'cpu-prof': { type: 'string' }, help: { type: 'boolean' },
    },
  });
  if (values.help || positionals.length === 0) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  return { builds: positionals.map((dir) => resolve(dir)), scenario: values.scenario, rounds: +values.rounds, warmup: +values.warmup, requests: +values.requests, wave: +values.wave, cpuProf: values['cpu-prof'] };
}

/** What a verifier sends (AssumeRole: a builtin user; web identity: the IdP's claims and the resolved policies). */
function issueRequest(scenario, i) {
  const base = { requestId: `bench-${i}`, durationSeconds: 3600 };
  if (scenario === 'web-identity') {
    return {
      ...base, provider: 'openid', parent: 'openid:https://idp.example/:bench-subject', policies: ['readwrite'], subjectFromToken: 'bench-subject',
      claims: { iss: 'https://idp.example/', sub: 'bench-subject', aud: 'bench-client', policy: 'readwrite', email: 'bench@example.com' },
    };
  }
  return { ...base, provider: 'builtin', parent: 'bench-user', roleSessionName: 'bench-session' };
}

/** One build's issuer path, wired as issuer.providers.ts and main.ts wire it, without Nest's container and without NATS or etcd. */
async function issuerPath(dir, scenario, wave) {
  const load = (path) => import(pathToFileURL(join(dir, 'dist', path)).href);
  const [domain, contracts, infraEtcd, nestCommon, { CredentialsHandler }, { IssuedEvents }, { NatsRecordSerializer }] = await Promise.all([
    load('libs/domain/src/index.js'), load('libs/contracts/src/index.js'), load('libs/infra-etcd/src/index.js'), load('libs/nest-common/src/index.js'),
    load('apps/credential-issuer/src/credentials.handler.js'), load('apps/credential-issuer/src/issued-events.js'),
    import(pathToFileURL(join(dir, 'node_modules/@nestjs/microservices/serializers/nats-record.serializer.js')).href),
  ]);
  const encoded = { bytes: 0 };
  let queued = [];
  // As EtcdCredentialStore: each record encoded; the wave answered together once it is full.
  const store = {
    create(record) {
      encoded.bytes += infraEtcd.encodeCredentialRecord(record).length;
      return new Promise((resolve) => {
        queued.push(resolve);
        if (queued.length >= wave) {
          const answered = queued;
          queued = [];
          setImmediate(() => answered.forEach((done) => done(true)));
        }
      });
    },
  };
  const sealer = new domain.SecretSealer({ name: 'bench', key: randomBytes(32) });
  const random = new domain.RandomPool();
  // The build's own keyring, its first key created in memory, as the issuer's first start creates it.
  const stored = [];
  const keyringStore = { list: async () => stored.map((k) => ({ ...k })), createFirst: async (key) => stored.push(key) > 0 };
  const keyring = await new domain.SigningKeyring(keyringStore, sealer, random).load(Date.now());
  const issue = new domain.IssueCredentials(store, keyring, sealer, domain.systemClock, random);
  // As AnswerConnection: the issued event leaves after the turn's answers, on the answers' connection.
  const answers = { afterAnswers: () => new Promise((done) => setImmediate(done)), emit: (event, payload) => (encoded.bytes += JSON.stringify({ pattern: event, data: payload }).length) > 0 };
  const handler = new CredentialsHandler(issue, undefined, new IssuedEvents(undefined, answers));
  const pipe = new nestCommon.SchemaPipe(contracts.IssueCredentialRequest);
  const serializer = new NatsRecordSerializer();
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const one = async (bytes) => {
    const message = JSON.parse(decoder.decode(bytes));
    const response = await handler.issueCredential(pipe.transform(message.data));
    encoded.bytes += encoder.encode(serializer.serialize({ response, isDisposed: true, id: message.id }).data).length;
  };
  const envelopes = Array.from({ length: wave }, (_, i) =>
    encoder.encode(JSON.stringify({ pattern: contracts.Subjects.CredentialsIssue, data: issueRequest(scenario, i), id: `4242-${i}` })));
  return {
    async run(count) {
      const start = process.cpuUsage();
      for (let done = 0; done < count; done += wave) await Promise.all(envelopes.map(one));
      const used = process.cpuUsage(start);
      return used.user + used.system;
    },
  };
}

const opts = options();
const subjects = [];
for (const dir of opts.builds) subjects.push({ name: subjectName(subjects, dir), ...(await issuerPath(dir, opts.scenario, opts.wave)) });
const requests = Math.ceil(opts.requests / opts.wave) * opts.wave;
console.log(`issuer path (${opts.scenario}), ${requests} credentials per build per round in waves of ${opts.wave}; ${opts.warmup} warm-up + ${opts.rounds} rounds`);
const session = opts.cpuProf ? new Session() : undefined;
const post = (method) => new Promise((done, fail) => session.post(method, (error, result) => (error ? fail(error) : done(result))));
const perRequest = await runBuildRounds(subjects, { rounds: opts.rounds, warmup: opts.warmup, requests }, async () => undefined, async () => {
  if (!session) return;
  session.connect();
  await post('Profiler.enable');
  await post('Profiler.start');
});
if (session) writeFileSync(opts.cpuProf, JSON.stringify((await post('Profiler.stop')).profile));
printBuildMedians(subjects, perRequest, opts.rounds, 'issuer path: ');
