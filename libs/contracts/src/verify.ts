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
