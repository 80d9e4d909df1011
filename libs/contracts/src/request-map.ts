import type { AdminRequest, AdminResponse, AdminSubject, HealthReply, UserChangedEvent } from './admin.js';
import type { IssueCredentialRequest, IssuedCredentials, LookupCredentialRequest, LookupCredentialResponse, CredentialsIssuedEvent } from './credentials.js';
import type { Subjects, Events } from './subjects.js';
import type { VerifyAssumeRoleRequest } from './verify.js';

type AdminRequestMap = { [S in AdminSubject]: { req: AdminRequest<S>; res: AdminResponse<S> } };

/** Ties each request-reply subject to its request and response types. */
export interface RequestMap extends AdminRequestMap {
  [Subjects.VerifyAssumeRole]: { req: VerifyAssumeRoleRequest; res: IssuedCredentials };
  [Subjects.CredentialsIssue]: { req: IssueCredentialRequest; res: IssuedCredentials };
  [Subjects.CredentialsLookup]: { req: LookupCredentialRequest; res: LookupCredentialResponse };
  [Subjects.HealthCredentialIssuer]: { req: Record<string, never>; res: HealthReply };
  [Subjects.HealthAssumeRoleVerifier]: { req: Record<string, never>; res: HealthReply };
}
export type RequestSubject = keyof RequestMap;

export interface EventMap {
  [Events.CredentialsIssued]: CredentialsIssuedEvent;
  [Events.UsersChanged]: UserChangedEvent;
}
