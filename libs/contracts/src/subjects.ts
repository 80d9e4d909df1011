/** Every NATS subject of the system, declared once. Request-reply subjects are served by a queue group. */
export const Subjects = {
  VerifyAssumeRole: 'sts.verify.assume-role',
  CredentialsIssue: 'sts.credentials.issue',
  CredentialsLookup: 'sts.credentials.lookup',
  HealthCredentialIssuer: 'sts.ops.health.credential-issuer',
  HealthAssumeRoleVerifier: 'sts.ops.health.assume-role-verifier',
  VerifyWebIdentity: 'sts.verify.web-identity',
  VerifyClientGrants: 'sts.verify.client-grants',
  HealthOidcVerifier: 'sts.ops.health.oidc-verifier',
  HealthClientGrantsVerifier: 'sts.ops.health.client-grants-verifier',
  VerifyLdap: 'sts.verify.ldap',
  HealthLdapVerifier: 'sts.ops.health.ldap-verifier',
  /** Failed LDAP logins, counted by the issuer (the only etcd writer) for every verifier replica. */
  LoginFailuresRecord: 'sts.ratelimit.record-failure',
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
  PoliciesCreate: 'sts.admin.policies.create',
  PoliciesDelete: 'sts.admin.policies.delete',
  PoliciesInfo: 'sts.admin.policies.info',
  PoliciesList: 'sts.admin.policies.list',
  PolicyMappingsAttach: 'sts.admin.policy-mappings.attach',
  PolicyMappingsDetach: 'sts.admin.policy-mappings.detach',
  CredentialsList: 'sts.admin.credentials.list',
  CredentialsInfo: 'sts.admin.credentials.info',
  CredentialsRevoke: 'sts.admin.credentials.revoke',
  KeysRotate: 'sts.admin.keys.rotate',
  KeysList: 'sts.admin.keys.list',
} as const;

/** Fan-out events: every instance of every subscribing service receives each one. */
export const Events = {
  CredentialsIssued: 'sts.events.credentials.issued',
  UsersChanged: 'sts.events.users.changed',
  CredentialsRevoked: 'sts.events.credentials.revoked',
  KeyringChanged: 'sts.events.keyring.changed',
  Audit: 'sts.events.audit',
} as const;
export type EventSubject = (typeof Events)[keyof typeof Events];

/** Queue-group names: one per app, so N replicas of an app share its requests. */
export const AppNames = {
  ApiGateway: 'api-gateway',
  AssumeRoleVerifier: 'assume-role-verifier',
  OidcVerifier: 'oidc-verifier',
  ClientGrantsVerifier: 'client-grants-verifier',
  LdapVerifier: 'ldap-verifier',
  CredentialIssuer: 'credential-issuer',
  AuditSink: 'audit-sink',
} as const;
export type AppName = (typeof AppNames)[keyof typeof AppNames];

/** The services the gateway's readiness probe requires at least one replica of. */
export type HealthSubject = typeof Subjects.HealthCredentialIssuer | typeof Subjects.HealthAssumeRoleVerifier | typeof Subjects.HealthLdapVerifier
  | typeof Subjects.HealthOidcVerifier | typeof Subjects.HealthClientGrantsVerifier;
/** An identity kind whose verifiers the readiness probe requires only when the deployment configures it. */
export type ConfiguredIdentity = 'openid';
export const HealthSubjects: ReadonlyArray<{ app: AppName; subject: HealthSubject; onlyWhenConfigured?: ConfiguredIdentity }> = [
  { app: AppNames.CredentialIssuer, subject: Subjects.HealthCredentialIssuer },
  { app: AppNames.AssumeRoleVerifier, subject: Subjects.HealthAssumeRoleVerifier },
  { app: AppNames.LdapVerifier, subject: Subjects.HealthLdapVerifier },
  { app: AppNames.OidcVerifier, subject: Subjects.HealthOidcVerifier, onlyWhenConfigured: 'openid' },
  { app: AppNames.ClientGrantsVerifier, subject: Subjects.HealthClientGrantsVerifier, onlyWhenConfigured: 'openid' },
];
