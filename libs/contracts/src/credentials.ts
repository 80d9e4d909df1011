import { z } from 'zod';

export const Provider = z.enum(['root', 'builtin']);
export type Provider = z.infer<typeof Provider>;

/** Sent by a verifier once it has proven who the caller is. */
export const IssueCredentialRequest = z.object({
  requestId: z.string().min(1).max(64),
  provider: Provider,
  parent: z.string().min(1).max(256),
  durationSeconds: z.number().int().min(1).max(31536000),
  sessionPolicy: z.string().max(2048).optional(),
  tokenRevokeType: z.string().max(256).optional(),
  roleSessionName: z.string().max(64).optional(),
});
export type IssueCredentialRequest = z.infer<typeof IssueCredentialRequest>;

export const IssuedCredentials = z.object({
  accessKeyId: z.string(),
  secretAccessKey: z.string(),
  sessionToken: z.string(),
  expiration: z.string(),
});
export type IssuedCredentials = z.infer<typeof IssuedCredentials>;

export const LookupCredentialRequest = z.object({
  accessKey: z.string().min(1).max(128),
});
export type LookupCredentialRequest = z.infer<typeof LookupCredentialRequest>;

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
  expiresAt: z.number().int(),
  /** The parent's standing now; a disabled parent's credentials must stop working. */
  parentStatus: z.enum(['enabled', 'disabled']),
});
export type LiveCredential = z.infer<typeof LiveCredential>;

export const LookupCredentialResponse = z.object({ credential: LiveCredential.nullable() });
export type LookupCredentialResponse = z.infer<typeof LookupCredentialResponse>;

export const CredentialsIssuedEvent = z.object({
  requestId: z.string(),
  accessKey: z.string(),
  parent: z.string(),
  provider: Provider,
  expiresAt: z.number().int(),
});
export type CredentialsIssuedEvent = z.infer<typeof CredentialsIssuedEvent>;
