import type { AdminAddUserRequest, AdminOk, HealthReply } from './admin.js';
import type { IssueCredentialRequest, IssuedCredentials, LookupCredentialRequest, LookupCredentialResponse, CredentialsIssuedEvent } from './credentials.js';
import type { Subjects, Events } from './subjects.js';
import type { VerifyAssumeRoleRequest } from './verify.js';

/** Ties each request-reply subject to its request and response types. */
export interface RequestMap {
  [Subjects.VerifyAssumeRole]: { req: VerifyAssumeRoleRequest; res: IssuedCredentials };
  [Subjects.CredentialsIssue]: { req: IssueCredentialRequest; res: IssuedCredentials };
  [Subjects.CredentialsLookup]: { req: LookupCredentialRequest; res: LookupCredentialResponse };
  [Subjects.AdminUsersAdd]: { req: AdminAddUserRequest; res: AdminOk };
  [Subjects.HealthCredentialIssuer]: { req: Record<string, never>; res: HealthReply };
  [Subjects.HealthAssumeRoleVerifier]: { req: Record<string, never>; res: HealthReply };
}
export type RequestSubject = keyof RequestMap;

export interface EventMap {
  [Events.CredentialsIssued]: CredentialsIssuedEvent;
}
