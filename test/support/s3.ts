// S3 clients pointed at a gateway, and hand-made requests for what no client sends (aws-chunked
// with a bad chunk signature, a body that does not match its declared hash).
import { createHash, createHmac } from 'node:crypto';
import { request } from 'node:http';
import { S3Client } from '@aws-sdk/client-s3';
import { Client as MinioClient } from 'minio';
import { credentialScope, deriveSigningKey, signSigV4 } from '#domain';
import type { HttpReply, Keys } from './sts-http.js';

const EMPTY_SHA256 = createHash('sha256').digest('hex');

/** @aws-sdk/client-s3 with its defaults, path-style (the gateway's MINIO_DOMAIN is unset in tests). */
export function s3Client(gateway: string, keys: Keys): S3Client {
  return new S3Client({ endpoint: gateway, region: 'us-east-1', forcePathStyle: true, credentials: keys, maxAttempts: 1 });
}

export function minioClient(gateway: string, keys: Keys): MinioClient {
  const url = new URL(gateway);
  return new MinioClient({
    endPoint: url.hostname, port: Number(url.port), useSSL: false, region: 'us-east-1',
    accessKey: keys.accessKeyId, secretKey: keys.secretAccessKey, sessionToken: keys.sessionToken,
  });
}

export function rawRequest(gateway: string, method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, gateway), { method, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk)).on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: new Headers(res.headers as Record<string, string>), body: Buffer.concat(parts).toString('utf8') }));
    });
    req.on('error', reject).end(body);
  });
}

/** A request signed with our own signer; `payloadHash` may differ from the body (to test the check). */
export function signedS3Request(
  gateway: string, keys: Keys, method: string, path: string, body: Buffer = Buffer.alloc(0),
  options: { payloadHash?: string; headers?: Record<string, string>; query?: string } = {},
): Promise<HttpReply> {
  const url = new URL(gateway);
  const headers = signSigV4(
    { method, host: url.host, path, query: options.query ?? '', body, headers: { 'content-length': String(body.length), ...options.headers }, payloadHash: options.payloadHash },
    { accessKey: keys.accessKeyId, secretKey: keys.secretAccessKey, sessionToken: keys.sessionToken, region: 'us-east-1', service: 's3', now: new Date() },
  );
  return rawRequest(gateway, method, options.query ? `${path}?${options.query}` : path, headers, body);
}

/** A signed trailer: `name:value`, and a signature to send instead of the right one. */
export interface SignedTrailer {
  line: string;
  signature?: string;
}

/**
 * A PUT as minio-go and mc stream it: STREAMING-AWS4-HMAC-SHA256-PAYLOAD, each chunk signed over
 * the previous signature. `tamperChunk` flips a byte of that chunk's data after signing. With a
 * `trailer`, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER: the trailer follows the final chunk, signed
 * over its signature (AWS4-HMAC-SHA256-TRAILER), as the AWS SDKs send it.
 */
export function chunkedPut(gateway: string, keys: Keys, path: string, chunks: Buffer[], tamperChunk?: number, trailer?: SignedTrailer): Promise<HttpReply> {
  const url = new URL(gateway);
  const now = new Date();
  const decodedLength = chunks.reduce((n, c) => n + c.length, 0);
  const framing = (c: Buffer) => c.length.toString(16).length + ';chunk-signature='.length + 64 + 2 + c.length;
  const trailerLength = trailer ? trailer.line.length + 2 + 'x-amz-trailer-signature:'.length + 64 + 2 + 2 : 2;
  const encodedLength = chunks.reduce((n, c) => n + framing(c) + 2, 0) + framing(Buffer.alloc(0)) + trailerLength;
  const trailerName = trailer?.line.slice(0, trailer.line.indexOf(':'));
  const headers = signSigV4(
    { method: 'PUT', host: url.host, path, body: '', payloadHash: trailer ? 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER' : 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      headers: { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': String(decodedLength), 'content-length': String(encodedLength),
        ...(trailerName ? { 'x-amz-trailer': trailerName } : {}) } },
    { accessKey: keys.accessKeyId, secretKey: keys.secretAccessKey, sessionToken: keys.sessionToken, region: 'us-east-1', service: 's3', now },
  );
  const amzDate = headers['x-amz-date'];
  const scope = credentialScope(amzDate.slice(0, 8), 'us-east-1', 's3');
  const key = deriveSigningKey(keys.secretAccessKey, amzDate.slice(0, 8), 'us-east-1', 's3');
  const sign = (lines: string[]) => createHmac('sha256', key).update([lines[0], amzDate, scope, ...lines.slice(1)].join('\n')).digest('hex');
  let previous = /Signature=([0-9a-f]{64})/.exec(headers.authorization)![1];
  const parts: Buffer[] = [];
  [...chunks, Buffer.alloc(0)].forEach((data, index) => {
    previous = sign(['AWS4-HMAC-SHA256-PAYLOAD', previous, EMPTY_SHA256, createHash('sha256').update(data).digest('hex')]);
    const sent = Buffer.from(data);
    if (index === tamperChunk) sent[0] ^= 1;
    parts.push(Buffer.from(`${data.length.toString(16)};chunk-signature=${previous}\r\n`), sent);
    if (data.length > 0 || !trailer) parts.push(Buffer.from('\r\n'));
  });
  if (trailer) {
    const signature = trailer.signature ?? sign(['AWS4-HMAC-SHA256-TRAILER', previous, createHash('sha256').update(`${trailer.line}\n`).digest('hex')]);
    parts.push(Buffer.from(`${trailer.line}\r\nx-amz-trailer-signature:${signature}\r\n\r\n`));
  }
  return rawRequest(gateway, 'PUT', path, headers, Buffer.concat(parts));
}

/** The fields of an S3 `<Error>` document. */
export function s3ErrorOf(xml: string): { code?: string; message?: string; resource?: string; requestId?: string } {
  const field = (name: string) => xml.match(new RegExp(`<${name}>([^<]*)</${name}>`))?.[1];
  if (!xml.includes('<Error>')) return {};
  return { code: field('Code'), message: field('Message'), resource: field('Resource'), requestId: field('RequestId') };
}
