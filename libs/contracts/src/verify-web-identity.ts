import { z } from 'zod';

/** AWS's model limit for `WebIdentityToken` (AssumeRoleWithWebIdentity: 4…20000 characters). */
export const MAX_IDENTITY_TOKEN_LENGTH = 20000;

/** The two token actions MinIO serves with one implementation (`AssumeRoleWithSSO`). */
export const TokenAction = z.enum(['AssumeRoleWithWebIdentity', 'AssumeRoleWithClientGrants']);
export type TokenAction = z.infer<typeof TokenAction>;

/**
 * AssumeRoleWithWebIdentity / AssumeRoleWithClientGrants, as the gateway forwards them after the
 * checks that need no secret. `durationSeconds` is absent when the caller sent none: the token's
 * own `exp` then bounds the credential (MinIO §3.5).
 */
export const VerifyWebIdentityRequest = z.object({
  requestId: z.string().min(1).max(64),
  /** `Token`, or `WebIdentityToken` when `Token` is empty: both actions accept either. */
  token: z.string().min(1).max(MAX_IDENTITY_TOKEN_LENGTH),
  /** `WebIdentityAccessToken`: for the UserInfo endpoint, when the provider has CLAIM_USERINFO on. */
  accessToken: z.string().max(MAX_IDENTITY_TOKEN_LENGTH).optional(),
  roleArn: z.string().max(2048).optional(),
  durationSeconds: z.number().int().optional(),
  sessionPolicy: z.string().max(2048).optional(),
  tokenRevokeType: z.string().max(256).optional(),
  roleSessionName: z.string().max(64).optional(),
});
export type VerifyWebIdentityRequest = z.infer<typeof VerifyWebIdentityRequest>;
