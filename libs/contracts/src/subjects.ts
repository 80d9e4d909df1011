/** Every NATS subject of the system, declared once. Request-reply subjects are served by a queue group. */
export const Subjects = {
  VerifyAssumeRole: 'sts.verify.assume-role',
  CredentialsIssue: 'sts.credentials.issue',
  CredentialsLookup: 'sts.credentials.lookup',
  HealthCredentialIssuer: 'sts.ops.health.credential-issuer',
  HealthAssumeRoleVerifier: 'sts.ops.health.assume-role-verifier',
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
} as const;

/** Fan-out events: every instance of every subscribing service receives each one. */
export const Events = {
  CredentialsIssued: 'sts.events.credentials.issued',
  UsersChanged: 'sts.events.users.changed',
} as const;
export type EventSubject = (typeof Events)[keyof typeof Events];

/** Queue-group names: one per app, so N replicas of an app share its requests. */
export const AppNames = {
  ApiGateway: 'api-gateway',
  AssumeRoleVerifier: 'assume-role-verifier',
  CredentialIssuer: 'credential-issuer',
} as const;
export type AppName = (typeof AppNames)[keyof typeof AppNames];

/** The services the gateway's readiness probe requires at least one replica of. */
export type HealthSubject = typeof Subjects.HealthCredentialIssuer | typeof Subjects.HealthAssumeRoleVerifier;
export const HealthSubjects: ReadonlyArray<{ app: AppName; subject: HealthSubject }> = [
  { app: AppNames.CredentialIssuer, subject: Subjects.HealthCredentialIssuer },
  { app: AppNames.AssumeRoleVerifier, subject: Subjects.HealthAssumeRoleVerifier },
];
