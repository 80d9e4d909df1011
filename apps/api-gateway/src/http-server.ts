import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { createServer, type RequestListener } from 'node:http';
import type { GatewayConfig } from './config.js';
import { nextRequestId } from './request-id.js';
import { RequestDeadlines } from './request-deadlines.js';
import type { S3Front } from './s3/s3-front.js';
import { drainOversizeBody } from './sts-body.js';
import type { StsFront } from './sts-front.js';

/** How often Node and RequestDeadlines look for requests past their deadlines (Node's default, 30 s, would let them run that much longer). */
const DEADLINE_CHECK_MS = 500;

/** The raw-request handlers in front of Fastify: S3 (every path but `POST /` and `/minio/…`) and STS (`POST /`). */
export interface GatewayFronts {
  s3?: S3Front;
  sts?: StsFront;
}

/**
 * The HTTP server with deadlines for slow clients (a body sent a byte at a time, headers that never
 * end, an idle keep-alive socket), and the proxies whose X-Forwarded-For is believed for the client
 * address (Fastify's trustProxy: only when the connection comes from one of them). The fronts take
 * S3 and STS requests before Fastify sees them (MinIO's one-port routing); Fastify and Nest serve
 * the admin API and health.
 *
 * Node's whole-request deadline would also cut a long S3 upload, so the server has none: STS,
 * admin and health requests get it here (`requestTimeoutMs`, answered 408 and closed as Node would),
 * and S3 requests an inactivity deadline instead (`S3Front`).
 */
export function createHttpAdapter(config: GatewayConfig, fronts: GatewayFronts = {}): FastifyAdapter {
  const { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs } = config.http;
  return new FastifyAdapter({
    bodyLimit: config.maxBodyBytes,
    genReqId: nextRequestId,
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
    keepAliveTimeout: keepAliveTimeoutMs,
    serverFactory: (handler: RequestListener) => {
      const deadlines = new RequestDeadlines(requestTimeoutMs, DEADLINE_CHECK_MS);
      const sts = deadlines.guard(fronts.sts ? fronts.sts.route(handler) : handler);
      const server = createServer({
        headersTimeout: headersTimeoutMs,
        requestTimeout: 0,
        keepAliveTimeout: keepAliveTimeoutMs,
        connectionsCheckingInterval: DEADLINE_CHECK_MS,
      }, fronts.s3 ? fronts.s3.route(sts) : sts);
      deadlines.watch(server);
      return server;
    },
  });
}

/**
 * Bodies of admin calls are kept raw: SigV4 signs the exact bytes. Errors Fastify raises itself
 * (oversize bodies) reach the global StsErrorFilter through Nest's exception layer, so they leave as
 * STS XML too.
 */
export function configureStsHttp(fastify: FastifyInstance, config: GatewayConfig): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: config.maxBodyBytes }, (_request, body, done) => done(null, body));
  fastify.addHook('onRequest', (request, _reply, done) => {
    const declared = Number(request.headers['content-length']);
    if (!(declared > config.maxBodyBytes)) return done();
    // Fastify answers 413 from the header alone, without reading: the body is gone by then.
    drainOversizeBody(request.raw).then(() => done(), () => done());
  });
}
