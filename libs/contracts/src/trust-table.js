// What each app may do on NATS and read in etcd: the one source of the nats-server users and
// permissions and of the etcd roles that `npm start`, the e2e stack and docker-compose run with.
// Plain JavaScript (like app-roster.js) so the launcher reads it without a build; trust-table.spec.ts
// checks it against the Subjects, AdminSubjects and Events of subjects.ts, so a new subject that no
// app may use fails the unit tests instead of failing at run time with a permissions violation.
//
// serves:     request-reply subjects the app answers in its queue group (queue-qualified subscribe
//             permission, plus `allow_responses`: one reply per request, no other publish right).
//             A verifier hands `sts.credentials.issue` on with the gateway's reply subject, so the
//             issuer's one reply goes to the gateway's inbox; that is all allow_responses lets it do.
// handsOn:    the app passes its callers' reply subjects on (the issuer answers them), so it gets no
//             `allow_responses`: nats-server 2.9 keeps a reply permission per request delivered
//             until it is used or expires (2 min), and once it holds 4,096 it walks all of them on
//             every delivery (docs/performance.md). It may publish instead under the reply prefix
//             its requesters use for it alone, `_INBOX.<requester>.<app>.>` (answerInboxPrefix), so
//             it can answer requests made to it and no other app's.
// listens:    fan-out events it receives on every instance (no queue)
// publishes:  subjects it requests or emits
// etcdRead:   key prefixes (under MINIO_ETCD_PATH_PREFIX) it may read; '' is the whole keyspace
// etcdWrite:  whether it may write; only the credential-issuer does (DESIGN §2)
// jetstream:  the JetStream API subjects it may use (the audit stream; see audit-stream.js)

import { AUDIT_STREAM } from './audit-stream.js';

/** Replies to an app's requests come to its private inbox prefix; no other app may subscribe there. */
export const inboxPrefix = (app) => `_INBOX.${app}`;

/** NATS subject matching: `*` is one token, `>` one or more trailing tokens. */
export function subjectMatches(pattern, subject) {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (p[i] !== '*' && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}

export const TRUST_TABLE = /** @type {const} */ ({
  'credential-issuer': {
    serves: [
      'sts.credentials.issue', 'sts.credentials.lookup', 'sts.credentials.lookup-long-term', 'sts.credentials.discard', 'sts.admin.>', 'sts.admin-auth.signer-secret', 'sts.ops.health.credential-issuer',
      'sts.ratelimit.reserve', 'sts.ratelimit.release',
    ],
    listens: ['sts.events.keyring.changed'],
    publishes: [
      'sts.events.credentials.issued', 'sts.events.credentials.revoked', 'sts.events.users.changed', 'sts.events.keyring.changed', 'sts.events.access.changed',
      'sts.events.issuer.leaving', AUDIT_STREAM.subject,
    ],
    etcdRead: [''],
    etcdWrite: true,
    jetstream: [],
  },
  'audit-sink': {
    serves: [],
    listens: [],
    publishes: [],
    etcdRead: [],
    etcdWrite: false,
    // Creates the stream and its own durable consumer, reads and acknowledges; may delete and make
    // again only its consumer (one that lost its in-memory state), never the stream, nor purge it.
    // Keeps its position in a stream of its own: creates it, publishes to it, reads its last message.
    jetstream: [
      `$JS.API.STREAM.INFO.${AUDIT_STREAM.name}`, `$JS.API.STREAM.CREATE.${AUDIT_STREAM.name}`, `$JS.API.STREAM.UPDATE.${AUDIT_STREAM.name}`,
      `$JS.API.CONSUMER.INFO.${AUDIT_STREAM.name}.${AUDIT_STREAM.consumer}`,
      `$JS.API.CONSUMER.DELETE.${AUDIT_STREAM.name}.${AUDIT_STREAM.consumer}`,
      `$JS.API.CONSUMER.CREATE.${AUDIT_STREAM.name}.${AUDIT_STREAM.consumer}`,
      `$JS.API.CONSUMER.CREATE.${AUDIT_STREAM.name}.${AUDIT_STREAM.consumer}.>`,
      `$JS.API.CONSUMER.DURABLE.CREATE.${AUDIT_STREAM.name}.${AUDIT_STREAM.consumer}`,
      `$JS.API.CONSUMER.MSG.NEXT.${AUDIT_STREAM.name}.${AUDIT_STREAM.consumer}`,
      `$JS.ACK.${AUDIT_STREAM.name}.${AUDIT_STREAM.consumer}.>`,
      `$JS.API.STREAM.INFO.${AUDIT_STREAM.positionStream}`, `$JS.API.STREAM.CREATE.${AUDIT_STREAM.positionStream}`, `$JS.API.STREAM.UPDATE.${AUDIT_STREAM.positionStream}`,
      `$JS.API.STREAM.MSG.GET.${AUDIT_STREAM.positionStream}`, AUDIT_STREAM.positionSubject,
    ],
  },
  'assume-role-verifier': {
    serves: ['sts.verify.assume-role', 'sts.verify.caller-identity', 'sts.ops.health.assume-role-verifier'],
    handsOn: true,
    listens: ['sts.events.issuer.leaving'],
    publishes: ['sts.credentials.issue'],
    // Users and service accounts (long-term keys), and the salt of the password-derived sealing key.
    etcdRead: ['iam/users/', 'iam/service-accounts/', 'sts/sealing/'],
    etcdWrite: false,
    jetstream: [],
  },
  'ldap-verifier': {
    serves: ['sts.verify.ldap', 'sts.ops.health.ldap-verifier'],
    listens: [],
    publishes: ['sts.credentials.issue', 'sts.ratelimit.reserve', 'sts.ratelimit.release'],
    etcdRead: ['iam/'],
    etcdWrite: false,
    jetstream: [],
  },
  'oidc-verifier': {
    serves: ['sts.verify.web-identity', 'sts.ops.health.oidc-verifier'],
    handsOn: true,
    listens: ['sts.events.issuer.leaving'],
    publishes: ['sts.credentials.issue'],
    etcdRead: ['iam/policies/'],
    etcdWrite: false,
    jetstream: [],
  },
  'client-grants-verifier': {
    serves: ['sts.verify.client-grants', 'sts.ops.health.client-grants-verifier'],
    handsOn: true,
    listens: ['sts.events.issuer.leaving'],
    publishes: ['sts.credentials.issue'],
    etcdRead: ['iam/policies/'],
    etcdWrite: false,
    jetstream: [],
  },
  // The gateway fronts the admin API, so it may publish sts.admin.>: admin requests stay SigV4-checked
  // by the issuer (and sts.admin-auth.signer-secret answers only for a valid signature, for madmin's
  // encrypted bodies). It may not mint (sts.credentials.issue) nor read what verifiers receive.
  // It verifies S3 signatures itself, so it looks up signers' keys (sts.credentials.lookup*) and
  // watches iam/ (sealed values only) as the backstop for missed access-change events. It has a
  // credential it could not audit deleted (sts.credentials.discard), proving it holds its session
  // token; it can discard no credential it was not handed. It hears an
  // issuer leave: its successor may hold another root user, which the gateway may have refused
  // (or accepted: every cached long-term key is then asked afresh).
  'api-gateway': {
    serves: [],
    listens: ['sts.events.credentials.revoked', 'sts.events.users.changed', 'sts.events.access.changed', 'sts.events.issuer.leaving'],
    publishes: [
      'sts.verify.>', 'sts.credentials.lookup', 'sts.credentials.lookup-long-term', 'sts.credentials.discard', 'sts.admin.>', 'sts.admin-auth.signer-secret', 'sts.ops.health.>',
      AUDIT_STREAM.subject,
    ],
    etcdRead: ['sts/credentials/', 'iam/'],
    etcdWrite: false,
    jetstream: [],
  },
});

const apps = /** @type {(keyof typeof TRUST_TABLE)[]} */ (Object.keys(TRUST_TABLE));

/** The app whose queue group answers `subject`, if any. */
export function servingApp(subject) {
  return apps.find((app) => TRUST_TABLE[app].serves.some((pattern) => subjectMatches(pattern, subject)));
}

/** The apps allowed to request something `app` serves. */
export function requestersOf(app) {
  const served = TRUST_TABLE[app].serves;
  return apps.filter((requester) => TRUST_TABLE[requester].publishes.some((pattern) => served.some((subject) => subjectMatches(pattern, subject))));
}

/**
 * The inbox prefix under which `app` expects the answer to a request on `subject`: its private
 * prefix, narrowed to `<prefix>.<server>` when the serving app hands requests on (see handsOn).
 */
export function answerInboxPrefix(app, subject) {
  const server = servingApp(subject);
  return server !== undefined && 'handsOn' in TRUST_TABLE[server] ? `${inboxPrefix(app)}.${server}` : inboxPrefix(app);
}

/** The nats-server permissions block of one app's user. */
export function natsPermissions(app) {
  const entry = TRUST_TABLE[app];
  if (!entry) throw new Error(`no trust-table entry for app "${app}"`);
  const handsOn = 'handsOn' in entry;
  const answers = handsOn ? requestersOf(app).map((requester) => `${inboxPrefix(requester)}.${app}.>`) : [];
  return {
    publish: { allow: [...entry.publishes, ...entry.jetstream, ...answers] },
    subscribe: { allow: [...entry.serves.map((subject) => `${subject} ${app}`), ...entry.listens, `${inboxPrefix(app)}.>`] },
    ...(entry.serves.length > 0 && !handsOn ? { allow_responses: true } : {}),
  };
}
