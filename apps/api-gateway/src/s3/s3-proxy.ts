import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable, type Readable } from 'node:stream';
import type { S3Error } from '#domain';
import type { BackendHead, BackendRequest, BackendResponse, S3Backend } from '#infra-s3';
import type { BackendBody } from './request-body.js';
import type { S3Target } from './s3-routing.js';

/** Client headers that belong to the client's hop, its signature or its encoding, never forwarded. */
const NOT_FORWARDED = new Set([
  'host', 'authorization', 'x-amz-security-token', 'x-amz-date', 'x-amz-content-sha256', 'connection', 'keep-alive',
  'proxy-connection', 'proxy-authorization', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'expect', 'content-length',
  'amz-sdk-invocation-id', 'amz-sdk-request', 'x-amz-user-agent', 'user-agent', 'date',
]);
/** Presigned-URL authentication parameters: the backend gets its own signature instead. */
const AUTH_QUERY = /^X-Amz-(Algorithm|Credential|Date|Expires|SignedHeaders|Signature|Security-Token|Content-Sha256)=/i;
/** Response headers of the backend's hop. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'trailer']);

export function forwardedHeaders(request: IncomingMessage, drop: ReadonlySet<string> = new Set()): Array<[string, string]> {
  const merged = new Map<string, string>();
  const raw = request.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (NOT_FORWARDED.has(name) || drop.has(name)) continue;
    const seen = merged.get(name);
    merged.set(name, seen === undefined ? raw[i + 1].trim() : `${seen},${raw[i + 1].trim()}`);
  }
  return [...merged];
}

export const backendQuery = (rawQuery: string): string => rawQuery.split('&').filter((part) => part !== '' && !AUTH_QUERY.test(part)).join('&');

/** The backend request for a call whose body passes through (verified on the way). */
export function backendRequest(request: IncomingMessage, target: S3Target, body: BackendBody): BackendRequest {
  const headers = forwardedHeaders(request, body.dropHeaders);
  if (body.contentEncoding) headers.push(['content-encoding', body.contentEncoding]);
  if (body.contentLength !== undefined) headers.push(['content-length', body.contentLength]);
  else if (body.stream === undefined && !['GET', 'HEAD'].includes(request.method ?? '')) headers.push(['content-length', '0']);
  return { method: request.method ?? 'GET', path: target.backendPath, query: backendQuery(target.rawQuery), headers, payloadHash: body.payloadHash, body: body.stream };
}

/** The backend's status and headers, as the client gets them. */
function writeRelayedHead(head: BackendHead, response: ServerResponse): void {
  const headers: Record<string, string | string[]> = {};
  for (const name in head.headers) {
    const value = head.headers[name];
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  }
  response.writeHead(head.statusCode, headers);
}

/** The backend's answer, status, headers and body, unchanged (its errors included). */
export function relay(upstream: BackendResponse, response: ServerResponse): void {
  writeRelayedHead(upstream, response);
  // pipe, not stream.pipeline: pipeline's AbortController and DOMException per request were about 4 %
  // of the gateway's CPU for a 4 KiB GetObject. Both failure directions are wired by hand instead:
  // a client that goes away stops the download from the backend (undici aborts the request), and a
  // backend that fails mid-body cuts the client's connection, so it cannot take a part for the whole.
  const { body } = upstream;
  body.pipe(response);
  body.once('error', () => response.destroy());
  response.once('close', () => {
    if (!body.readableEnded) body.destroy();
  });
}

/**
 * A call without a streamed body, its answer written straight into the client's response (the
 * backend's errors included). `refuse` may turn the backend's status into the gateway's own refusal
 * instead (the answer's body is then discarded). A failure once the answer is under way has already
 * cut the client's connection: nothing is left to answer.
 */
export async function relayAnswer(backend: S3Backend, call: BackendRequest & { body?: Buffer }, response: ServerResponse, refuse?: (statusCode: number) => S3Error | undefined): Promise<void> {
  let refusal: S3Error | undefined;
  try {
    await backend.stream(call, (head) => {
      refusal = refuse?.(head.statusCode);
      if (refusal) return discarded();
      writeRelayedHead(head, response);
      return response;
    });
  } catch (error) {
    if (!refusal && !response.headersSent) throw error;
  }
  if (refusal) throw refusal;
}

const discarded = (): Writable => new Writable({ write: (_chunk, _encoding, done) => done() });

/** Reads a small backend answer whole (ListBuckets, DeleteObjects results). */
export async function readAll(stream: Readable, limit: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error(`a backend answer exceeded ${limit} bytes`);
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts);
}
