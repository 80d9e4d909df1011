import { z } from 'zod';

/** `user:` / `dn:<hash>` or `client:<address or IPv6 /64>`, as the LDAP verifier derives them. */
export const LoginFailureKey = z.string().regex(/^(user|dn|client):[0-9a-f.:/]{1,64}$/);

/** The largest failure budget a verifier may ask for (its STS_LDAP_MAX_FAILURES_* settings are capped so). */
export const MaxLoginFailureLimit = 100_000;

/**
 * Reserves one failed login on each key at once unless one has used up its limit (then `reservation`
 * is null), in budgets every verifier replica shares. Only the issuer writes etcd (DESIGN §2), so
 * the verifiers reserve through it.
 */
export const ReserveLoginFailuresRequest = z.object({
  // Distinct: a key listed twice would take two units after one check of its limit.
  keys: z.array(z.object({ key: LoginFailureKey, limit: z.number().int().min(1).max(MaxLoginFailureLimit) })).min(1).max(4)
    .refine((keys) => new Set(keys.map((k) => k.key)).size === keys.length, 'the keys must differ'),
  windowSeconds: z.number().int().min(1).max(86400),
});
export type ReserveLoginFailuresRequest = z.infer<typeof ReserveLoginFailuresRequest>;

export const ReserveLoginFailuresResponse = z.object({ reservation: z.string().max(64).nullable() });
export type ReserveLoginFailuresResponse = z.infer<typeof ReserveLoginFailuresResponse>;

/** Gives the reservations of one login back, in one message: the login did not fail. */
export const ReleaseLoginFailuresRequest = z.object({
  reservations: z.array(z.object({
    keys: z.array(LoginFailureKey).min(1).max(4),
    reservation: z.string().min(1).max(64),
  })).min(1).max(4),
});
export type ReleaseLoginFailuresRequest = z.infer<typeof ReleaseLoginFailuresRequest>;

export const ReleaseLoginFailuresResponse = z.object({ ok: z.literal(true) });
export type ReleaseLoginFailuresResponse = z.infer<typeof ReleaseLoginFailuresResponse>;
