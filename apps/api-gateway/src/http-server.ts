import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { GatewayConfig } from './config.js';
import { nextRequestId } from './request-id.js';
import type { S3Front } from './s3/s3-front.js';

/**
 * An oversize body announced by Content-Length is read and dropped before the 413 is sent: a client
 * still writing when the connection closes sees EPIPE instead of the EntityTooLarge answer. Past
 * this many bytes the connection is cut instead.
 */
const OVERSIZE_DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

/** `s3Front` takes every S3 request before Fastify sees it (MinIO's one-port routing). */
export function createHttpAdapter(config: GatewayConfig, s3Front?: S3Front): FastifyAdapter {
  return new FastifyAdapter({ bodyLimit: config.maxBodyBytes, genReqId: nextRequestId, ...(s3Front ? { serverFactory: s3Front.serverFactory } : {}) });
}

/**
 * Bodies are kept raw: SigV4 signs the exact bytes, and STS parameters are parsed by the gateway.
 * Errors Fastify raises itself (oversize bodies) reach the global StsErrorFilter through Nest's
 * exception layer, so they leave as STS XML too.
 */
export function configureStsHttp(fastify: FastifyInstance, config: GatewayConfig): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: config.maxBodyBytes }, (_request, body, done) => done(null, body));
  fastify.addHook('onRequest', (request, _reply, done) => {
    const declared = Number(request.headers['content-length']);
    if (!(declared > config.maxBodyBytes)) return done();
    // Fastify answers 413 from the header alone, without reading: the body is gone by then.
    drain(request.raw, OVERSIZE_DRAIN_LIMIT_BYTES).then(() => done(), () => done());
  });
}

function drain(stream: IncomingMessage, limit: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let read = 0;
    stream.on('data', (chunk: Buffer) => {
      read += chunk.length;
      if (read > limit) stream.destroy();
    });
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', reject);
  });
}
