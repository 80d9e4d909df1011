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
// listens:    fan-out events it receives on every instance (no queue)
// publishes:  subjects it requests or emits
// etcdRead:   key prefixes (under MINIO_ETCD_PATH_PREFIX) it may read; '' is the whole keyspace
// etcdWrite:  whether it may write; only the credential-issuer does (DESIGN §2)
// jetstream:  the JetStream API subjects it may use (the audit stream; see audit-stream.js)

import { AUDIT_STREAM } from './audit-stream.js';

/** Replies to an app's requests come to its private inbox prefix; no other app may subscribe there. */
export const inboxPrefix = (app) => `_INBOX.${app}`;

export const TRUST_TABLE = /** @type {const} */ ({
  'credential-issuer': {
    serves: [
      'sts.credentials.issue', 'sts.credentials.lookup', 'sts.credentials.lookup-long-term', 'sts.admin.>', 'sts.admin-auth.signer-secret', 'sts.ops.health.credential-issuer',
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
    // Creates the stream and its own durable consumer, reads and acknowledges; cannot delete or purge.
    jetstream: [
      `$JS.API.STREAM.INFO.${AUDIT_STREAM.name}`, `$JS.API.STREAM.CREATE.${AUDIT_STREAM.name}`, `$JS.API.STREAM.UPDATE.${AUDIT_STREAM.name}`,
      `$JS.API.CONSUMER.INFO.${AUDIT_STREAM.name}.${AUDIT_STREAM.consumer}`,
      `$JS.API.CONSUMER.CREATE.${AUDIT_STREAM.name}.${AUDIT_STREAM.consumer}`,
      `$JS.API.CONSUMER.CREATE.${AUDIT_STREAM.name}.${AUDIT_STREAM.consumer}.>`,
      `$JS.API.CONSUMER.DURABLE.CREATE.${AUDIT_STREAM.name}.${AUDIT_STREAM.consumer}`,
      `$JS.API.CONSUMER.MSG.NEXT.${AUDIT_STREAM.name}.${AUDIT_STREAM.consumer}`,
      `$JS.ACK.${AUDIT_STREAM.name}.${AUDIT_STREAM.consumer}.>`,
    ],
  },
  'assume-role-verifier': {
    serves: ['sts.verify.assume-role', 'sts.verify.caller-identity', 'sts.ops.health.assume-role-verifier'],
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
    listens: ['sts.events.issuer.leaving'],
    publishes: ['sts.credentials.issue'],
    etcdRead: ['iam/policies/'],
    etcdWrite: false,
    jetstream: [],
  },
  'client-grants-verifier': {
    serves: ['sts.verify.client-grants', 'sts.ops.health.client-grants-verifier'],
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
  // watches iam/ (sealed values only) as the backstop for missed access-change events.
  'api-gateway': {
    serves: [],
    listens: ['sts.events.credentials.revoked', 'sts.events.users.changed', 'sts.events.access.changed'],
    publishes: [
      'sts.verify.>', 'sts.credentials.lookup', 'sts.credentials.lookup-long-term', 'sts.admin.>', 'sts.admin-auth.signer-secret', 'sts.ops.health.>',
      AUDIT_STREAM.subject,
    ],
    etcdRead: ['sts/credentials/', 'iam/'],
    etcdWrite: false,
    jetstream: [],
  },
});

/** The nats-server permissions block of one app's user. */
export function natsPermissions(app) {
  const entry = TRUST_TABLE[app];
  if (!entry) throw new Error(`no trust-table entry for app "${app}"`);
  return {
    publish: { allow: [...entry.publishes, ...entry.jetstream] },
    subscribe: { allow: [...entry.serves.map((subject) => `${subject} ${app}`), ...entry.listens, `${inboxPrefix(app)}.>`] },
    ...(entry.serves.length > 0 ? { allow_responses: true } : {}),
  };
}
