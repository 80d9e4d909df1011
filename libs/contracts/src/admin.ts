import { z } from 'zod';
import { SignedRequest } from './signed-request.js';

/** Admin calls travel with their signature; the issuer authenticates them, the gateway holds no keys. */
export const AdminAddUserRequest = z.object({
  requestId: z.string().min(1).max(64),
  signed: SignedRequest,
  accessKey: z.string(),
  secretKey: z.string(),
});
export type AdminAddUserRequest = z.infer<typeof AdminAddUserRequest>;

export const AdminOk = z.object({ ok: z.literal(true) });
export type AdminOk = z.infer<typeof AdminOk>;

export const HealthReply = z.object({ app: z.string(), ok: z.boolean() });
export type HealthReply = z.infer<typeof HealthReply>;
