import type { AdminRequest, AdminResponse, AdminSignerSecret, AdminSignerSecretRequest, AdminSubject, CredentialsRevokedEvent, HealthReply, KeyringChangedEvent, UserChangedEvent } from './admin.js';
import type { AuditMessage } from './audit.js';
import type { DiscardCredentialRequest, DiscardCredentialResponse, IssueCredentialRequest, IssuedCredentials, LookupCredentialRequest, LookupCredentialResponse, CredentialsIssuedEvent, IssuerLeavingEvent, VerifiedCredentials } from './credentials.js';
import type { AccessChangedEvent, LookupLongTermKeyRequest, LookupLongTermKeyResponse } from './s3-access.js';
import type { Subjects, Events } from './subjects.js';
import type { CallerIdentity, VerifyAssumeRoleRequest, VerifyCallerIdentityRequest } from './verify.js';
import type { VerifyWebIdentityRequest } from './verify-web-identity.js';
import type { VerifyLdapRequest } from './verify-ldap.js';
import type { ReleaseLoginFailuresRequest, ReleaseLoginFailuresResponse, ReserveLoginFailuresRequest, ReserveLoginFailuresResponse } from './login-failures.js';

type AdminRequestMap = { [S in AdminSubject]: { req: AdminRequest<S>; res: AdminResponse<S> } };

/** Ties each request-reply subject to its request and response types. */
export interface RequestMap extends AdminRequestMap {
  [Subjects.VerifyAssumeRole]: { req: VerifyAssumeRoleRequest; res: IssuedCredentials };
  [Subjects.VerifyCallerIdentity]: { req: VerifyCallerIdentityRequest; res: CallerIdentity };
  [Subjects.CredentialsIssue]: { req: IssueCredentialRequest; res: VerifiedCredentials };
  [Subjects.CredentialsLookup]: { req: LookupCredentialRequest; res: LookupCredentialResponse };
  [Subjects.CredentialsDiscard]: { req: DiscardCredentialRequest; res: DiscardCredentialResponse };
  [Subjects.CredentialsLookupLongTerm]: { req: LookupLongTermKeyRequest; res: LookupLongTermKeyResponse };
  [Subjects.HealthCredentialIssuer]: { req: Record<string, never>; res: HealthReply };
  [Subjects.HealthAssumeRoleVerifier]: { req: Record<string, never>; res: HealthReply };
  [Subjects.VerifyWebIdentity]: { req: VerifyWebIdentityRequest; res: VerifiedCredentials };
  [Subjects.VerifyClientGrants]: { req: VerifyWebIdentityRequest; res: VerifiedCredentials };
  [Subjects.HealthOidcVerifier]: { req: Record<string, never>; res: HealthReply };
  [Subjects.HealthClientGrantsVerifier]: { req: Record<string, never>; res: HealthReply };
  [Subjects.VerifyLdap]: { req: VerifyLdapRequest; res: IssuedCredentials };
  [Subjects.HealthLdapVerifier]: { req: Record<string, never>; res: HealthReply };
  [Subjects.AdminSignerSecret]: { req: AdminSignerSecretRequest; res: AdminSignerSecret };
  [Subjects.LoginFailuresReserve]: { req: ReserveLoginFailuresRequest; res: ReserveLoginFailuresResponse };
  [Subjects.LoginFailuresRelease]: { req: ReleaseLoginFailuresRequest; res: ReleaseLoginFailuresResponse };
}
export type RequestSubject = keyof RequestMap;

export interface EventMap {
  [Events.CredentialsIssued]: CredentialsIssuedEvent;
  [Events.UsersChanged]: UserChangedEvent;
  [Events.CredentialsRevoked]: CredentialsRevokedEvent;
  [Events.KeyringChanged]: KeyringChangedEvent;
  [Events.AccessChanged]: AccessChangedEvent;
  [Events.Audit]: AuditMessage;
  [Events.IssuerLeaving]: IssuerLeavingEvent;
}
