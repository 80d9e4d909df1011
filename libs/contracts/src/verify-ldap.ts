import { z } from 'zod';
import { Limits, RequestIdField, SessionFields } from './limits.js';

/**
 * AssumeRoleWithLDAPIdentity, as the gateway forwards it after the checks that need no secret. The
 * password crosses the bus once, to the LDAP verifier, and is never logged or stored.
 */
export const VerifyLdapRequest = z.object({
  requestId: RequestIdField,
  username: z.string().min(1).max(Limits.ldapCredential),
  password: z.string().min(1).max(Limits.ldapCredential),
  durationSeconds: z.number().int().optional(),
  sessionPolicy: SessionFields.sessionPolicy,
  tokenRevokeType: SessionFields.tokenRevokeType,
  /** The client address the gateway saw, for the per-client failed-login limit. */
  sourceIp: z.string().max(Limits.sourceIp).optional(),
});
export type VerifyLdapRequest = z.infer<typeof VerifyLdapRequest>;
