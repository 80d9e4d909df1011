import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import type { GatewayConfig } from './config.js';
import { nextRequestId } from './request-id.js';

export function createHttpAdapter(config: GatewayConfig): FastifyAdapter {
  return new FastifyAdapter({ bodyLimit: config.maxBodyBytes, genReqId: nextRequestId });
}

/**
 * Bodies are kept raw: SigV4 signs the exact bytes, and STS parameters are parsed by the gateway.
 * Errors Fastify raises itself (oversize bodies) reach the global StsErrorFilter through Nest's
 * exception layer, so they leave as STS XML too.
 */
export function configureStsHttp(fastify: FastifyInstance, config: GatewayConfig): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: config.maxBodyBytes }, (_request, body, done) => done(null, body));
}
