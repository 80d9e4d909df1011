import { z } from 'zod';

/**
 * The parts of an HTTP request that a SigV4 signature covers, as the gateway received them.
 * Only the signed headers (plus Authorization and X-Amz-Security-Token) travel, to keep NATS
 * payloads small; the body travels as its SHA-256 hex digest.
 */
export const SignedRequest = z.object({
  method: z.string().min(1).max(16),
  path: z.string().min(1).max(8192),
  query: z.string().max(8192),
  headers: z.array(z.tuple([z.string().max(256), z.string().max(16384)])).max(64),
  payloadHash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type SignedRequest = z.infer<typeof SignedRequest>;
