import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

/** The backend's answer: status, headers (lower-case names) and the body, still streaming. */
export interface BackendResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: Readable;
}
