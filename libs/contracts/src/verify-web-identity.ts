import { z } from 'zod';
import { Limits, RequestIdField, SessionFields } from './limits.js';

/** The two token actions MinIO serves with one implementation (`AssumeRoleWithSSO`). */
export const TokenAction = z.enum(['AssumeRoleWithWebIdentity', 'AssumeRoleWithClientGrants']);
export type TokenAction = z.infer<typeof TokenAction>;

/**
 * AssumeRoleWithWebIdentity / AssumeRoleWithClientGrants, as the gateway forwards them after the
 * checks that need no secret. `durationSeconds` is absent when the caller sent none: the token's
 * own `exp` then bounds the credential (MinIO §3.5).
 */
export const VerifyWebIdentityRequest = z.object({
  requestId: RequestIdField,
  /** `Token`, or `WebIdentityToken` when `Token` is empty: both actions accept either. */
  token: z.string().min(1).max(Limits.identityToken),
  /** `WebIdentityAccessToken`: for the UserInfo endpoint, when the provider has CLAIM_USERINFO on. */
  accessToken: z.string().max(Limits.identityToken).optional(),
  roleArn: z.string().max(Limits.roleArn).optional(),
  durationSeconds: z.number().int().optional(),
  ...SessionFields,
});
export type VerifyWebIdentityRequest = z.infer<typeof VerifyWebIdentityRequest>;
