import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

/** The backend's answer before its body: status and headers (lower-case names). */
export interface BackendHead {
  statusCode: number;
  headers: IncomingHttpHeaders;
}

/** The backend's answer: status, headers and the body, still streaming. */
export interface BackendResponse extends BackendHead {
  body: Readable;
}
