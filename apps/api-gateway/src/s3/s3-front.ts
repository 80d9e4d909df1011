import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { isS3Request } from './s3-routing.js';

interface S3Handler {
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
}

/**
 * One port, MinIO's routing: STS (`POST /`), `/minio/admin/…` and `/minio/health/…` go to the Nest
 * application; every other request is S3 and is served from the raw Node request, so bodies stream
 * without Fastify's body parsing. Until the S3 handler is attached, S3 calls get a 503.
 */
export class S3Front {
  private handler?: S3Handler;

  /** `idleTimeoutMs`: an S3 request whose socket neither sends nor reads for this long is cut (S3's RequestTimeout rule). */
  constructor(private readonly domains: readonly string[], private readonly idleTimeoutMs: number) {}

  attach(handler: S3Handler): void {
    this.handler = handler;
  }

  /** The server's request listener: S3 here, everything else to Nest. */
  route(nest: RequestListener): RequestListener {
    return (request, response) => {
      if (!isS3Request(request.method, request.url, request.headers.host, this.domains)) return nest(request, response);
      if (!this.handler) {
        response.writeHead(503, { 'content-type': 'application/xml', 'retry-after': '1' });
        response.end('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>ServiceUnavailable</Code><Message>The server is starting.</Message></Error>');
        return;
      }
      // Node's socket timeout: after the response, the keep-alive deadline takes over again.
      request.setTimeout(this.idleTimeoutMs, () => request.socket.destroy());
      void this.handler.handle(request, response);
    };
  }
}
