import { APP_ROSTER } from './app-roster.js';

type RosterEntry = (typeof APP_ROSTER)[number];
export type AppName = RosterEntry['name'];

/** Queue-group names: one per app, so N replicas of an app share its requests (the roster is app-roster.js). */
export const AppNames = Object.fromEntries(APP_ROSTER.map((app) => [app.key, app.name])) as { readonly [E in RosterEntry as E['key']]: E['name'] };

/** Each app answers its readiness probe on its own subject. */
function healthSubject<A extends AppName>(app: A): `sts.ops.health.${A}` {
  return `sts.ops.health.${app}`;
}

/** Every NATS subject of the system, declared once. Request-reply subjects are served by a queue group. */
export const Subjects = {
  VerifyAssumeRole: 'sts.verify.assume-role',
  /** GetCallerIdentity signed with long-term keys, answered by the assume-role verifier. */
  VerifyCallerIdentity: 'sts.verify.caller-identity',
  CredentialsIssue: 'sts.credentials.issue',
  CredentialsLookup: 'sts.credentials.lookup',
  /** A credential issued but not handed out (the audit trail could not record it): deleted again, by its holder. */
  CredentialsDiscard: 'sts.credentials.discard',
  /** S3 calls signed with the root user's or a builtin user's keys: the gateway verifies them itself. */
  CredentialsLookupLongTerm: 'sts.credentials.lookup-long-term',
  HealthCredentialIssuer: healthSubject(AppNames.CredentialIssuer),
  HealthAssumeRoleVerifier: healthSubject(AppNames.AssumeRoleVerifier),
  VerifyWebIdentity: 'sts.verify.web-identity',
  VerifyClientGrants: 'sts.verify.client-grants',
  HealthOidcVerifier: healthSubject(AppNames.OidcVerifier),
  HealthClientGrantsVerifier: healthSubject(AppNames.ClientGrantsVerifier),
  VerifyLdap: 'sts.verify.ldap',
  HealthLdapVerifier: healthSubject(AppNames.LdapVerifier),
  /** The signer's secret for madmin's encrypted admin bodies, after the issuer verified the signature. */
  AdminSignerSecret: 'sts.admin-auth.signer-secret',
  /** Failed-LDAP-login budgets, reserved and released through the issuer (the only etcd writer). */
  LoginFailuresReserve: 'sts.ratelimit.reserve',
  LoginFailuresRelease: 'sts.ratelimit.release',
} as const;
export type Subject = (typeof Subjects)[keyof typeof Subjects];

/** The admin operations, `sts.admin.<resource>.<verb>`; their payloads are in AdminOperations. */
export const AdminSubjects = {
  UsersAdd: 'sts.admin.users.add',
  UsersRemove: 'sts.admin.users.remove',
  UsersSetStatus: 'sts.admin.users.set-status',
  UsersInfo: 'sts.admin.users.info',
  UsersList: 'sts.admin.users.list',
  GroupsUpdateMembers: 'sts.admin.groups.update-members',
  GroupsInfo: 'sts.admin.groups.info',
  GroupsList: 'sts.admin.groups.list',
  GroupsSetStatus: 'sts.admin.groups.set-status',
  PoliciesCreate: 'sts.admin.policies.create',
  PoliciesDelete: 'sts.admin.policies.delete',
  PoliciesInfo: 'sts.admin.policies.info',
  PoliciesList: 'sts.admin.policies.list',
  PolicyMappingsAttach: 'sts.admin.policy-mappings.attach',
  PolicyMappingsDetach: 'sts.admin.policy-mappings.detach',
  PolicyMappingsSet: 'sts.admin.policy-mappings.set',
  PolicyMappingsEntities: 'sts.admin.policy-mappings.entities',
  ServiceAccountsAdd: 'sts.admin.service-accounts.add',
  ServiceAccountsList: 'sts.admin.service-accounts.list',
  ServiceAccountsInfo: 'sts.admin.service-accounts.info',
  ServiceAccountsUpdate: 'sts.admin.service-accounts.update',
  ServiceAccountsDelete: 'sts.admin.service-accounts.delete',
  CredentialsList: 'sts.admin.credentials.list',
  CredentialsInfo: 'sts.admin.credentials.info',
  CredentialsRevoke: 'sts.admin.credentials.revoke',
  ServerInfo: 'sts.admin.server.info',
  AccountInfo: 'sts.admin.account.info',
  AccessKeysList: 'sts.admin.access-keys.list',
  KeysRotate: 'sts.admin.keys.rotate',
  KeysList: 'sts.admin.keys.list',
} as const;

/** Fan-out events: every instance of every subscribing service receives each one. */
export const Events = {
  CredentialsIssued: 'sts.events.credentials.issued',
  UsersChanged: 'sts.events.users.changed',
  CredentialsRevoked: 'sts.events.credentials.revoked',
  KeyringChanged: 'sts.events.keyring.changed',
  AccessChanged: 'sts.events.access.changed',
  Audit: 'sts.events.audit',
  /** Published by a credential-issuer replica once it left its queue group (a drain on SIGTERM). */
  IssuerLeaving: 'sts.events.issuer.leaving',
} as const;
export type EventSubject = (typeof Events)[keyof typeof Events];

/** The services the gateway's readiness probe requires at least one replica of. */
export type HealthSubject = typeof Subjects.HealthCredentialIssuer | typeof Subjects.HealthAssumeRoleVerifier | typeof Subjects.HealthLdapVerifier
  | typeof Subjects.HealthOidcVerifier | typeof Subjects.HealthClientGrantsVerifier;
/** An identity kind whose verifiers the readiness probe requires only when the deployment configures it. */
export type ConfiguredIdentity = 'openid';
export const HealthSubjects: ReadonlyArray<{ app: AppName; subject: HealthSubject; onlyWhenConfigured?: ConfiguredIdentity }> = APP_ROSTER
  .filter((app) => app.readiness !== 'never')
  .map((app) => ({ app: app.name, subject: healthSubject(app.name) as HealthSubject, ...(app.readiness === 'openid' ? { onlyWhenConfigured: 'openid' as const } : {}) }));
