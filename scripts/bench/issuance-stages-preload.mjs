// Loaded into every app by `node scripts/bench/issuance-stages.mjs` (through STS_NODE_FLAGS, `node
// --import=<this file>?dir=DIR`): stamps each issuance at the points where it changes hands, with
// the same clock in every process (performance.timeOrigin + now, sub-millisecond), keyed by the
// gateway's request id, and appends `requestId stage ms` lines to DIR/<app>-<pid>.stages every
// 250 ms. Diagnosis only: it wraps the built classes' methods (an AsyncLocalStorage per request), so
// it costs each app some CPU; nothing of the product reads it. Stages, in order:
//   gateway.start      the STS endpoint took the HTTP request (body read)
//   gateway.verify     the gateway asks a verifier (request sent at the end of that turn)
//   verifier.in        a verifier's handler runs          verifier.handOn  it hands the issue request on
//   issuer.in          the issuer's handler runs           issuer.store     the record goes to the group commit
//   issuer.txn         its transaction starts (leases)     issuer.commit    the etcd Txn call is made
//   issuer.committed   etcd answered                       issuer.answer    the answer is written to NATS
//   gateway.answered   the verifier request resolved       gateway.audited  the audit stream acknowledged
//   gateway.end        the HTTP answer is written
import { AsyncLocalStorage } from 'node:async_hooks';
import { appendFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = new URL(import.meta.url).searchParams.get('dir');
const main = process.argv[1] ?? '';
const app = basename(dirname(dirname(main)));
const root = resolve(dirname(main), '../../../..');
const request = new AsyncLocalStorage();
let lines = [];
const now = () => (performance.timeOrigin + performance.now()).toFixed(3);
const stamp = (requestId, stage) => requestId && lines.push(`${requestId} ${stage} ${now()}`);
const load = (path) => import(pathToFileURL(join(root, 'dist', path)).href);
const wrap = (proto, name, around) => {
  const original = proto[name];
  proto[name] = function (...args) {
    return around.call(this, original, args);
  };
};

if (dir) {
  const file = join(dir, `${app}-${process.pid}.stages`);
  setInterval(() => {
    if (lines.length === 0) return;
    appendFileSync(file, lines.join('\n') + '\n');
    lines = [];
  }, 250).unref();
  const { StsClient, DrainingNatsServer, AuditPublisher } = await load('libs/infra-nats/src/index.js');
  if (app === 'api-gateway') await gateway(StsClient, AuditPublisher);
  else await service(StsClient, DrainingNatsServer);
}

async function gateway(StsClient, AuditPublisher) {
  const { StsEndpoint } = await load('apps/api-gateway/src/sts-endpoint.js');
  wrap(StsEndpoint.prototype, 'handle', function (original, args) {
    const context = { requestId: undefined, start: now() };
    return request.run(context, async () => {
      try {
        return await original.apply(this, args);
      } finally {
        stamp(context.requestId, 'gateway.end');
      }
    });
  });
  wrap(StsClient.prototype, 'request', async function (original, args) {
    const context = request.getStore();
    const [subject, payload] = args;
    if (!context || !subject.startsWith('sts.verify.')) return original.apply(this, args);
    context.requestId = payload.requestId;
    lines.push(`${context.requestId} gateway.start ${context.start}`);
    stamp(context.requestId, 'gateway.verify');
    const result = await original.apply(this, args);
    stamp(context.requestId, 'gateway.answered');
    return result;
  });
  wrap(AuditPublisher.prototype, 'record', async function (original, args) {
    const result = await original.apply(this, args);
    stamp(request.getStore()?.requestId, 'gateway.audited');
    return result;
  });
}

async function service(StsClient, DrainingNatsServer) {
  const inIssuer = app === 'credential-issuer';
  const byContext = new WeakMap();
  const staged = (subject) => subject.startsWith('sts.verify.') || subject === 'sts.credentials.issue';
  // DirectRequest handlers: the server calls them itself (serveDirectly) and answers in answerDirectly.
  wrap(DrainingNatsServer.prototype, 'serveDirectly', function (original, [handlers]) {
    return original.call(this, handlers.map((handler) => (!staged(handler.subject) ? handler : {
      ...handler,
      call: (data, context) => {
        const requestId = data?.requestId;
        stamp(requestId, inIssuer ? 'issuer.in' : 'verifier.in');
        return request.run({ requestId }, () => handler.call(data, context));
      },
    })));
  });
  wrap(DrainingNatsServer.prototype, 'answerDirectly', async function (original, args) {
    const result = await original.apply(this, args);
    if (inIssuer) stamp(args[2]?.data?.requestId, 'issuer.answer');
    return result;
  });
  wrap(DrainingNatsServer.prototype, 'getHandlerByPattern', function (original, args) {
    const handler = original.apply(this, args);
    if (!handler || !staged(args[0])) return handler;
    return Object.assign((data, context) => {
      const requestId = data?.requestId;
      stamp(requestId, inIssuer ? 'issuer.in' : 'verifier.in');
      if (context) byContext.set(context, requestId);
      return request.run({ requestId }, () => handler(data, context));
    }, handler);
  });
  wrap(DrainingNatsServer.prototype, 'getPublisher', function (original, args) {
    const publish = original.apply(this, args);
    const context = args[2];
    return async (response) => {
      const result = await publish(response);
      if (inIssuer) stamp(byContext.get(context), 'issuer.answer');
      return result;
    };
  });
  wrap(StsClient.prototype, 'handOn', async function (original, args) {
    const result = await original.apply(this, args);
    stamp(args[1]?.requestId, 'verifier.handOn');
    return result;
  });
  if (inIssuer) await issuer();
}

async function issuer() {
  const { EtcdCredentialStore } = await load('libs/infra-etcd/src/index.js');
  const byRecord = new WeakMap();
  wrap(EtcdCredentialStore.prototype, 'create', function (original, args) {
    const requestId = request.getStore()?.requestId;
    byRecord.set(args[0], requestId);
    stamp(requestId, 'issuer.store');
    return original.apply(this, args);
  });
  wrap(EtcdCredentialStore.prototype, 'write', function (original, args) {
    for (const w of args[0]) stamp(byRecord.get(w.item), 'issuer.txn');
    return original.apply(this, args);
  });
  wrap(EtcdCredentialStore.prototype, 'commit', async function (original, args) {
    const ids = args[0].map(([record]) => byRecord.get(record));
    for (const id of ids) stamp(id, 'issuer.commit');
    const result = await original.apply(this, args);
    for (const id of ids) stamp(id, 'issuer.committed');
    return result;
  });
}
