import { z } from 'zod';

/**
 * One line of the audit trail: every issuance and every refusal. By construction it has no field
 * for a password, secret key, session token or identity token.
 */
export const AuditEvent = z.object({
  time: z.string(),
  requestId: z.string(),
  action: z.string(),
  /** `changed`: an admin change worth its own line (a user's secret replaced). */
  outcome: z.enum(['issued', 'refused', 'changed']),
  errorCode: z.string().optional(),
  /** The caller as it named itself (access key, LDAP username), before any proof. */
  claimedIdentity: z.string().optional(),
  provider: z.string().optional(),
  parent: z.string().optional(),
  subject: z.string().optional(),
  policies: z.array(z.string()).optional(),
  accessKey: z.string().optional(),
  expiration: z.string().optional(),
  sourceIp: z.string().optional(),
  userAgent: z.string().optional(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;
