import { z } from 'zod';
import { SignedRequest } from './signed-request.js';

/** AssumeRole, as the gateway forwards it after the checks that need no secret. */
export const VerifyAssumeRoleRequest = z.object({
  requestId: z.string().min(1).max(64),
  signed: SignedRequest,
  durationSeconds: z.number().int().optional(),
  sessionPolicy: z.string().max(2048).optional(),
  tokenRevokeType: z.string().max(256).optional(),
  roleSessionName: z.string().max(64).optional(),
});
export type VerifyAssumeRoleRequest = z.infer<typeof VerifyAssumeRoleRequest>;
