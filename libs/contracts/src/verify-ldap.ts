import { z } from 'zod';

/** Longest `LDAPUsername` / `LDAPPassword` accepted (MinIO sets none; an AD UPN is at most 1024). */
export const MAX_LDAP_CREDENTIAL_LENGTH = 1024;

/**
 * AssumeRoleWithLDAPIdentity, as the gateway forwards it after the checks that need no secret. The
 * password crosses the bus once, to the LDAP verifier, and is never logged or stored.
 */
export const VerifyLdapRequest = z.object({
  requestId: z.string().min(1).max(64),
  username: z.string().min(1).max(MAX_LDAP_CREDENTIAL_LENGTH),
  password: z.string().min(1).max(MAX_LDAP_CREDENTIAL_LENGTH),
  durationSeconds: z.number().int().optional(),
  sessionPolicy: z.string().max(2048).optional(),
  tokenRevokeType: z.string().max(256).optional(),
  /** The client address the gateway saw, for the per-client failed-login limit. */
  sourceIp: z.string().max(64).optional(),
});
export type VerifyLdapRequest = z.infer<typeof VerifyLdapRequest>;
