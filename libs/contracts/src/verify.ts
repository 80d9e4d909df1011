import { z } from 'zod';
import { RequestIdField, SessionFields } from './limits.js';
import { SignedRequest } from './signed-request.js';

/** AssumeRole, as the gateway forwards it after the checks that need no secret. */
export const VerifyAssumeRoleRequest = z.object({
  requestId: RequestIdField,
  signed: SignedRequest,
  durationSeconds: z.number().int().optional(),
  ...SessionFields,
});
export type VerifyAssumeRoleRequest = z.infer<typeof VerifyAssumeRoleRequest>;

/** GetCallerIdentity signed with long-term keys: the verifier that holds them checks the signature. */
export const VerifyCallerIdentityRequest = z.object({ requestId: RequestIdField, signed: SignedRequest });
export type VerifyCallerIdentityRequest = z.infer<typeof VerifyCallerIdentityRequest>;
export const CallerIdentity = z.object({ arn: z.string(), userId: z.string(), account: z.string() });
export type CallerIdentity = z.infer<typeof CallerIdentity>;
