import { z } from 'zod';

/** `user:<hash of the username>` or `client:<address or IPv6 /64>`, as the LDAP verifier derives them. */
export const LoginFailureKey = z.string().regex(/^(user|client):[0-9a-f.:/]{1,64}$/);

/**
 * Counts one failed login for each key, in counters every verifier replica reads. Only the issuer
 * writes etcd (DESIGN §2), so the verifiers record through it.
 */
export const RecordLoginFailuresRequest = z.object({
  keys: z.array(LoginFailureKey).min(1).max(4),
  windowSeconds: z.number().int().min(1).max(86400),
});
export type RecordLoginFailuresRequest = z.infer<typeof RecordLoginFailuresRequest>;

export const RecordLoginFailuresResponse = z.object({ counts: z.array(z.number().int()) });
export type RecordLoginFailuresResponse = z.infer<typeof RecordLoginFailuresResponse>;
