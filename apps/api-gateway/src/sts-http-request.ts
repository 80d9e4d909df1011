import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { StsError, type ClientInfo, type SignedRequest } from '#contracts';
import { signedHeaderSubset, singleValuedParameters } from '#domain';

export const STS_API_VERSION = '2011-06-15';

/** An STS call as the gateway sees it: merged parameters plus what a signature covers. */
export interface StsHttpRequest {
  requestId: string;
  params: Map<string, string>;
  authorization?: string;
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
  for (const [key, value] of singleValuedParameters(body.toString('utf8'), 'form body')) if (!params.has(key)) params.set(key, value);
  return params;
}

/** The admin policy context of the connection: `aws:SourceIp` and `aws:SecureTransport`. */
export function clientInfoOf(request: FastifyRequest): ClientInfo {
  return { sourceIp: (request.ip ?? '').slice(0, 64), secureTransport: request.protocol === 'https' };
}

export function requestBody(request: FastifyRequest): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}

/** What a SigV4 signature over this request covers; empty headers when it is not signed. */
export function signedRequestOf(request: FastifyRequest, body: Buffer): SignedRequest {
  const [path, query = ''] = splitUrl(request.url);
  const authorization = request.headers.authorization;
  return {
    method: request.method,
    path,
    query,
    headers: typeof authorization === 'string' ? signedHeaderSubset(pairs(request.raw.rawHeaders), authorization) : [],
    payloadHash: createHash('sha256').update(body).digest('hex'),
  };
}

export function toStsHttpRequest(request: FastifyRequest): StsHttpRequest {
  const body = requestBody(request);
  const contentType = request.headers['content-type'];
  if (body.length > 0 && !(typeof contentType === 'string' && FORM_CONTENT_TYPE.test(contentType))) {
    throw new StsError('InvalidParameterValue', 'STS requests must be sent as application/x-www-form-urlencoded.');
  }
  const signed = signedRequestOf(request, body);
  const authorization = request.headers.authorization;
  return {
    requestId: request.id,
    params: mergeParameters(signed.query, body),
    authorization: typeof authorization === 'string' ? authorization : undefined,
    signed,
    sourceIp: request.ip,
  };
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
