import { hash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { StsError, type ClientInfo, type SignedRequest } from '#contracts';
import { parseAuthorization, signedHeaderSubsetOfRaw, singleValuedParameters, type SigV4Authorization } from '#domain';

export const STS_API_VERSION = '2011-06-15';

/** An STS call as the gateway sees it: merged parameters plus what a signature covers. */
export interface StsHttpRequest {
  requestId: string;
  params: Map<string, string>;
  authorization?: string;
  /** `authorization` parsed, when it parses: a request is parsed once (an action that needs the error parses again). */
  sigv4?: SigV4Authorization;
  signed: SignedRequest;
  /** The peer address of the connection (no proxy header is trusted). */
  sourceIp?: string;
}

const FORM_CONTENT_TYPE = /^application\/x-www-form-urlencoded\s*(;|$)/i;

/**
 * Query and form body merged as MinIO does (§0): the query string wins for a key present in both,
 * the body only fills in missing keys. A key repeated within the query or within the body is refused
 * (SigV4 sorts repeated keys, so which one comes first is not signed).
 */
export function mergeParameters(rawQuery: string, body: Buffer): Map<string, string> {
  const params = singleValuedParameters(rawQuery, 'query string');
  const form = singleValuedParameters(body.toString('utf8'), 'form body');
  if (params.size === 0) return form;
  for (const [key, value] of form) if (!params.has(key)) params.set(key, value);
  return params;
}

/** The admin policy context of the connection: `aws:SourceIp` and `aws:SecureTransport`. */
export function clientInfoOf(request: FastifyRequest): ClientInfo {
  return { sourceIp: (request.ip ?? '').slice(0, 64), secureTransport: request.protocol === 'https' };
}

export function requestBody(request: FastifyRequest): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}

/**
 * What a SigV4 signature over this request covers; empty headers when it is not signed. `sigv4`:
 * its Authorization header already parsed.
 */
export function signedRequestOf(request: IncomingMessage, body: Buffer, sigv4?: SigV4Authorization): SignedRequest {
  const [path, query = ''] = splitUrl(request.url ?? '/');
  const authorization = request.headers.authorization;
  return {
    method: request.method ?? 'POST',
    path,
    query,
    headers: typeof authorization === 'string' ? signedHeaderSubsetOfRaw(request.rawHeaders, sigv4 ?? authorization) : [],
    payloadHash: hash('sha256', body, 'hex'),
  };
}

function parsedOrUndefined(authorization: string | undefined): SigV4Authorization | undefined {
  if (authorization === undefined) return undefined;
  try {
    return parseAuthorization(authorization);
  } catch {
    return undefined;
  }
}

/** The STS call in a `POST /` whose body has been read; `sourceIp` as the gateway believes it (trusted proxies). */
export function toStsHttpRequest(request: IncomingMessage, body: Buffer, requestId: string, sourceIp: string | undefined): StsHttpRequest {
  const contentType = request.headers['content-type'];
  if (body.length > 0 && !(typeof contentType === 'string' && FORM_CONTENT_TYPE.test(contentType))) {
    throw new StsError('InvalidParameterValue', 'STS requests must be sent as application/x-www-form-urlencoded.');
  }
  const authorization = request.headers.authorization;
  const sigv4 = parsedOrUndefined(authorization);
  const signed = signedRequestOf(request, body, sigv4);
  return { requestId, params: mergeParameters(signed.query, body), authorization, sigv4, signed, sourceIp };
}

function splitUrl(url: string): [string, string?] {
  const mark = url.indexOf('?');
  return mark < 0 ? [url] : [url.slice(0, mark), url.slice(mark + 1)];
}

export function pairs(raw: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}
