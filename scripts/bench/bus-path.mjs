#!/usr/bin/env node
// The NATS message path of the issuer and the AssumeRole verifier alone, several builds in one
// process, CPU per message by process.cpuUsage, builds alternating round by round (build-rounds.mjs).
//
// Each build is a directory holding `dist/` and `node_modules/` (a worktree after `npm run build`).
// Per build, as startMicroservice wires it: a Nest microservice of the build's own handler class
// (CredentialsHandler or AssumeRoleHandler) behind the build's DrainingNatsServer and the global
// RpcErrorFilter, its DirectRequest handlers handed to the server when the build has them; the
// domain work behind the handler is a fake answering a fixed value (identical in every build).
// Each message is a Nest request envelope's bytes on a fake nats.js Msg (json() and respond() as
// nats.js does them: TextDecoder + JSON.parse; a string answer encoded by TextEncoder), handed to
// server.handleMessage in waves of --wave, whose answers leave together. Not included: nats.js's
// protocol parse and socket writes.
import 'reflect-metadata';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { printBuildMedians, runBuildRounds, subjectName } from './build-rounds.mjs';

const USAGE = `Usage: node scripts/bench/bus-path.mjs [options] BUILD_DIR...
  --scenario NAME    issue (default: sts.credentials.issue in the issuer), lookup (sts.credentials.lookup),
                     assume-role (sts.verify.assume-role in its verifier, handed on to the issuer)
  --rounds N         measured rounds, each build once per round in rotating order (default 15)
  --warmup N         rounds run first and not counted (default 3)
  --requests N       messages per build per round (default 8000)
  --wave N           messages answered together (default 25)`;

function options() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      scenario: { type: 'string', default: 'issue' }, rounds: { type: 'string', default: '15' }, warmup: { type: 'string', default: '3' },
      requests: { type: 'string', default: '8000' }, wave: { type: 'string', default: '25' }, help: { type: 'boolean' },
    },
  });
  if (values.help || positionals.length === 0 || !SCENARIOS[values.scenario]) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  return { builds: positionals.map((dir) => resolve(dir)), scenario: values.scenario, rounds: +values.rounds, warmup: +values.warmup, requests: +values.requests, wave: +values.wave };
}

const SESSION_TOKEN = `eyJhbGciOiJIUzUxMiIsImtpZCI6ImsxIn0.${'x'.repeat(520)}.${'s'.repeat(86)}`;
const credentials = { accessKeyId: 'ASIAQ7EXAMPLE0000001', secretAccessKey: 'a'.repeat(40), sessionToken: SESSION_TOKEN, expiration: '2026-12-03T15:00:00.000Z', issuedTo: { parent: 'bench-user', provider: 'builtin' } };
const signed = {
  method: 'POST', path: '/', query: '', payloadHash: 'f'.repeat(64),
  headers: [['host', '127.0.0.1:9000'], ['content-type', 'application/x-www-form-urlencoded'], ['x-amz-date', '20261203T140000Z'],
    ['authorization', `AWS4-HMAC-SHA256 Credential=bench-user/20261203/us-east-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=${'0'.repeat(64)}`]],
};

/** Per scenario: the app's handler module, its subject, a request, and its providers (fakes for the domain work). */
const SCENARIOS = {
  issue: {
    handler: ['apps/credential-issuer/src/credentials.handler.js', 'CredentialsHandler'],
    subject: 'sts.credentials.issue',
    request: (i) => ({ requestId: `bench-${i}`, provider: 'builtin', parent: 'bench-user', durationSeconds: 3600, roleSessionName: 'bench-session' }),
    providers: ({ domain, issuedEvents }) => [
      { provide: domain.IssueCredentials, useValue: { execute: async () => ({ credentials, record: { accessKey: credentials.accessKeyId, parent: 'bench-user', provider: 'builtin', expiresAt: 0 } }) } },
      { provide: domain.SignerAccess, useValue: {} },
      { provide: issuedEvents.IssuedEvents, useValue: { add: () => undefined } },
    ],
  },
  lookup: {
    handler: ['apps/credential-issuer/src/credentials.handler.js', 'CredentialsHandler'],
    subject: 'sts.credentials.lookup',
    request: () => ({ accessKey: credentials.accessKeyId, sessionToken: SESSION_TOKEN }),
    providers: ({ domain, issuedEvents }) => [
      { provide: domain.IssueCredentials, useValue: {} },
      { provide: domain.SignerAccess, useValue: { temporary: async () => ({ accessKey: credentials.accessKeyId, secretKey: 'a'.repeat(40), sessionTokenSha256: 'e'.repeat(64), parent: 'bench-user', provider: 'builtin', policies: ['readwrite'], expiresAt: 0 }) } },
      { provide: issuedEvents.IssuedEvents, useValue: { add: () => undefined } },
    ],
  },
  'assume-role': {
    handler: ['apps/assume-role-verifier/src/assume-role.handler.js', 'AssumeRoleHandler'],
    subject: 'sts.verify.assume-role',
    request: (i) => ({ requestId: `bench-${i}`, signed, durationSeconds: 900 }),
    providers: ({ domain, nats }) => [
      { provide: domain.AssumeRole, useValue: { authorize: async (request) => ({ requestId: request.requestId, provider: 'builtin', parent: 'bench-user', durationSeconds: 900 }) } },
      { provide: nats.IssueForwarder, useValue: { issue: async () => nats.ANSWERED_ELSEWHERE } },
    ],
  },
};

/** One build's server with its app's handler, wired as startMicroservice wires it, without a NATS connection. */
async function busPath(dir, scenario, wave) {
  const load = (path) => import(pathToFileURL(join(dir, path)).href);
  const [common, core, domain, nats, nestCommon, issuedEvents, handlerModule] = await Promise.all([
    load('node_modules/@nestjs/common/index.js'), load('node_modules/@nestjs/core/index.js'), load('dist/libs/domain/src/index.js'),
    load('dist/libs/infra-nats/src/index.js'), load('dist/libs/nest-common/src/index.js'), load('dist/apps/credential-issuer/src/issued-events.js'),
    load(`dist/${scenario.handler[0]}`),
  ]);
  const BenchModule = class {};
  common.Module({ controllers: [handlerModule[scenario.handler[1]]], providers: scenario.providers({ domain, nats, issuedEvents }) })(BenchModule);
  const transport = nats.natsTransport({ servers: ['nats://127.0.0.1:1'], queue: 'bench' });
  const app = await core.NestFactory.createMicroservice(BenchModule, { ...transport.options, logger: false });
  transport.serveDirectly?.(app);
  app.useGlobalFilters(new nestCommon.RpcErrorFilter());
  await app.init();
  const server = transport.options.strategy;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const answered = { bytes: 0 };
  const messages = Array.from({ length: wave }, (_, i) => {
    const data = encoder.encode(JSON.stringify({ pattern: scenario.subject, data: scenario.request(i), id: `4242-${i}` }));
    return {
      subject: scenario.subject, reply: `_INBOX.api-gateway.bench.${i}`, headers: undefined, data,
      json() {
        return JSON.parse(decoder.decode(this.data));
      },
      respond(answer) {
        answered.bytes += (typeof answer === 'string' ? encoder.encode(answer) : answer).length;
        return true;
      },
    };
  });
  return {
    async run(count) {
      const start = process.cpuUsage();
      for (let done = 0; done < count; done += wave) await Promise.all(messages.map((msg) => server.handleMessage(scenario.subject, msg)));
      const used = process.cpuUsage(start);
      return used.user + used.system;
    },
  };
}

const opts = options();
const scenario = SCENARIOS[opts.scenario];
const subjects = [];
for (const dir of opts.builds) subjects.push({ name: subjectName(subjects, dir), ...(await busPath(dir, scenario, opts.wave)) });
const requests = Math.ceil(opts.requests / opts.wave) * opts.wave;
console.log(`bus path (${opts.scenario}: ${scenario.subject}), ${requests} messages per build per round in waves of ${opts.wave}; ${opts.warmup} warm-up + ${opts.rounds} rounds`);
const perRequest = await runBuildRounds(subjects, { rounds: opts.rounds, warmup: opts.warmup, requests }, async () => undefined);
printBuildMedians(subjects, perRequest, opts.rounds, 'bus path: ');
process.exit(0);
