import { z } from 'zod';
import { Limits, RequestIdField, SessionFields } from './limits.js';
import { AccessGrant } from './s3-access.js';

/** Who vouched for the parent: the root user, a builtin user, an OpenID provider, or LDAP. */
export const Provider = z.enum(['root', 'builtin', 'openid', 'ldap']);
export type Provider = z.infer<typeof Provider>;

/** Sent by a verifier once it has proven who the caller is. */
export const IssueCredentialRequest = z.object({
  requestId: RequestIdField,
  provider: Provider,
  parent: z.string().min(1).max(1024),
  durationSeconds: z.number().int().min(1).max(31536000),
  ...SessionFields,
  /** Policy names the verifier resolved for this credential (OpenID claim or role policies). */
  policies: z.array(z.string().max(128)).max(100).optional(),
  /** Group DNs the directory reported (LDAP); their mappings apply live. */
  groups: z.array(z.string().max(1024)).max(1000).optional(),
  /** Extra session-token claims (IdP claims, LDAP names); the issuer's own claims always win. */
  claims: z.record(z.string(), z.unknown()).optional(),
  /**
   * The identity token's `sub`, echoed in the answer (SubjectFromWebIdentityToken): the issuer
   * answers the gateway directly, so what the verifier learnt for the answer travels here.
   */
  subjectFromToken: z.string().max(Limits.identityToken).optional(),
});
export type IssueCredentialRequest = z.infer<typeof IssueCredentialRequest>;

export const IssuedCredentials = z.object({
  accessKeyId: z.string(),
  secretAccessKey: z.string(),
  sessionToken: z.string(),
  expiration: z.string(),
  /** For the audit trail only; never rendered to the client. */
  issuedTo: z.object({ parent: z.string(), provider: Provider, policies: z.array(z.string()).optional() }).optional(),
});
export type IssuedCredentials = z.infer<typeof IssuedCredentials>;

/** The answer to an issue request (sent by the issuer to the gateway): the credentials, and for token-based actions the token's subject. */
export const VerifiedCredentials = IssuedCredentials.extend({ subjectFromToken: z.string().optional() });
export type VerifiedCredentials = z.infer<typeof VerifiedCredentials>;

export const LookupCredentialRequest = z.object({
  accessKey: z.string().min(1).max(128),
  /** The token the caller presented: the issuer answers only for the one it issued. */
  sessionToken: z.string().min(1).max(16384),
});
export type LookupCredentialRequest = z.infer<typeof LookupCredentialRequest>;

/** The credential to delete, proven by its session token (only its recipient holds it). */
export const DiscardCredentialRequest = LookupCredentialRequest;
export type DiscardCredentialRequest = LookupCredentialRequest;
export interface DiscardCredentialResponse {
  /** false: no such credential (already gone), or the token is not its own. */
  discarded: boolean;
}

/**
 * What a gateway needs to verify a request signed with temporary credentials. The session token
 * itself is never stored; its SHA-256 is compared in constant time.
 */
export const LiveCredential = z.object({
  accessKey: z.string(),
  secretKey: z.string(),
  sessionTokenSha256: z.string(),
  parent: z.string(),
  provider: Provider,
  roleSessionName: z.string().optional(),
  sessionPolicy: z.string().optional(),
  policies: z.array(z.string()).optional(),
  groups: z.array(z.string()).optional(),
  expiresAt: z.number().int(),
  /** The parent's standing now; a disabled parent's credentials must stop working. */
  parentStatus: z.enum(['enabled', 'disabled']),
  /** The parent's current effective policies, for S3 authorization in the gateway. */
  access: AccessGrant.optional(),
});
export type LiveCredential = z.infer<typeof LiveCredential>;

export const LookupCredentialResponse = z.object({ credential: LiveCredential.nullable() });
export type LookupCredentialResponse = z.infer<typeof LookupCredentialResponse>;

/** One credential of a `sts.events.credentials.issued` message: who got which access key, never a secret. */
export const IssuedCredentialNotice = z.object({
  requestId: z.string(),
  accessKey: z.string(),
  parent: z.string(),
  provider: Provider,
  expiresAt: z.number().int(),
});
export type IssuedCredentialNotice = z.infer<typeof IssuedCredentialNotice>;

/**
 * The credentials an issuer stored in one etcd transaction (those answered in one event-loop turn),
 * in one message: a message per credential cost the issuer and nats-server a publish each.
 */
export const CredentialsIssuedEvent = z.object({ credentials: z.array(IssuedCredentialNotice).min(1) });
export type CredentialsIssuedEvent = z.infer<typeof CredentialsIssuedEvent>;

/** A credential-issuer replica stopped taking requests: verifiers stop handing requests on blindly. */
export const IssuerLeavingEvent = z.object({ queue: z.string() });
export type IssuerLeavingEvent = z.infer<typeof IssuerLeavingEvent>;
