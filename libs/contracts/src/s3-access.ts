import { z } from 'zod';

/**
 * What S3 authorization needs about a signer, computed by the issuer from the current mappings:
 * the root user (owner) or the parent's effective policy documents (normalized JSON). `policyNames`
 * and `groups` are what the grant was computed from (the names mapped, every group the parent is in,
 * disabled ones too), so a gateway drops exactly the grants a change touches; absent (an older
 * issuer), any policy or group change drops the grant.
 */
export const AccessGrant = z.object({
  owner: z.boolean(),
  policies: z.array(z.string().max(65536)).max(200),
  policyNames: z.array(z.string().max(1024)).max(1000).optional(),
  groups: z.array(z.string().max(1024)).max(1000).optional(),
});
export type AccessGrant = z.infer<typeof AccessGrant>;

export const LookupLongTermKeyRequest = z.object({ accessKey: z.string().min(1).max(128) });
export type LookupLongTermKeyRequest = z.infer<typeof LookupLongTermKeyRequest>;

/**
 * The root user, a builtin user or a service account, with its secret (the gateway verifies SigV4
 * itself and keeps it in memory only). A service account acts for its parent, narrowed by its policy.
 */
export const LongTermKey = z.object({
  accessKey: z.string(),
  secretKey: z.string(),
  parent: z.string(),
  sessionPolicy: z.string().optional(),
  provider: z.enum(['root', 'builtin']),
  enabled: z.boolean(),
  access: AccessGrant,
});
export type LongTermKey = z.infer<typeof LongTermKey>;

/** `temporary`: no long-term key of that name, but a temporary credential has it (the caller forgot its token). */
export const LookupLongTermKeyResponse = z.object({ key: LongTermKey.nullable(), temporary: z.boolean() });
export type LookupLongTermKeyResponse = z.infer<typeof LookupLongTermKeyResponse>;

/**
 * Published after a change that can narrow what signers may do on S3 (a policy edited or deleted, a
 * mapping changed, group membership or standing, a user's secret, a service account): gateways drop
 * the cached access of the signers it touches — those whose parent or own key is in `parents`, whose
 * grant names one of `policies` or one of `groups` — or of everyone (`all`). The etcd watch on
 * `iam/` gives the same scope per changed key (the backstop for a lost event).
 */
export const AccessChangedEvent = z.object({
  parents: z.array(z.string()).max(10_000).optional(),
  policies: z.array(z.string()).max(10_000).optional(),
  groups: z.array(z.string()).max(10_000).optional(),
  all: z.boolean().optional(),
});
export type AccessChangedEvent = z.infer<typeof AccessChangedEvent>;
