import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { errorXml } from './sts-xml.js';

interface StsHandler {
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
}

/** `POST /` with or without a query: the STS endpoint (MinIO §0). */
const isStsCall = (method: string | undefined, url: string | undefined): boolean =>
  method === 'POST' && (url === '/' || url?.startsWith('/?') === true);

/**
 * STS calls are served from the raw Node request, before Fastify: the hottest path of the gateway
 * (GetCallerIdentity, later every issuance) pays for no routing, hooks, or framework layers. Every
 * other request goes on to `next`. Until the STS handler is attached, STS calls get a 503.
 */
export class StsFront {
  private handler?: StsHandler;

  attach(handler: StsHandler): void {
    this.handler = handler;
  }

  route(next: RequestListener): RequestListener {
    return (request, response) => {
      if (!isStsCall(request.method, request.url)) return next(request, response);
      if (!this.handler) {
        const body = errorXml('ServiceUnavailable', 'The server is starting.', '');
        response.writeHead(503, { 'content-type': 'application/xml', 'retry-after': '1', 'content-length': Buffer.byteLength(body) });
        return void response.end(body);
      }
      void this.handler.handle(request, response);
    };
  }
}
