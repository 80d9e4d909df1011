/** Every NATS subject of the system, declared once. Request-reply subjects are served by a queue group. */
export const Subjects = {
  VerifyAssumeRole: 'sts.verify.assume-role',
  CredentialsIssue: 'sts.credentials.issue',
  CredentialsLookup: 'sts.credentials.lookup',
  AdminUsersAdd: 'sts.admin.users.add',
  HealthCredentialIssuer: 'sts.ops.health.credential-issuer',
  HealthAssumeRoleVerifier: 'sts.ops.health.assume-role-verifier',
} as const;
export type Subject = (typeof Subjects)[keyof typeof Subjects];

/** Fan-out events: every instance of every subscribing service receives each one. */
export const Events = {
  CredentialsIssued: 'sts.events.credentials.issued',
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
