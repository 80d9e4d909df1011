import { createHash, createHmac } from 'node:crypto';
import { SIGV4_ALGORITHM } from './authorization.js';
import { canonicalRequest } from './canonical-request.js';
import { formatAmzDate } from './request-date.js';
import { credentialScope, deriveSigningKey, stringToSign } from './signature.js';

export interface SigV4Signing {
  accessKey: string;
  secretKey: string;
  sessionToken?: string;
  region: string;
  service: string;
  now: Date;
  /** The signing key for `now`'s date, region and service, when the caller keeps it (deriveSigningKey otherwise). */
  signingKey?: Buffer;
}

export interface OutgoingRequest {
  method: string;
  host: string;
  path: string;
  query?: string;
  body: string | Buffer;
  headers?: Record<string, string>;
  /** Sign this payload hash instead of hashing `body` (a streamed body: a declared hex digest or UNSIGNED-PAYLOAD). */
  payloadHash?: string;
}


/**
 * Client-side signing for our own tools (the `sts` CLI, the bench) and the gateway's requests to its
 * S3 backend: the same canonicalization the verifier uses, so the two cannot drift. Returns every
 * header to send, Authorization included.
 */
export function signSigV4(request: OutgoingRequest, signing: SigV4Signing): Record<string, string> {
  const amzDate = formatAmzDate(signing.now);
  const payloadHash = request.payloadHash ?? createHash('sha256').update(request.body).digest('hex');
  const headers: Record<string, string> = { ...request.headers, host: request.host, 'x-amz-date': amzDate, 'x-amz-content-sha256': payloadHash };
  if (signing.sessionToken) headers['x-amz-security-token'] = signing.sessionToken;
  const names = Object.keys(headers).map((n) => n.toLowerCase()).sort();
  const creq = canonicalRequest({ method: request.method, path: request.path, query: request.query ?? '', headers: Object.entries(headers), payloadHash }, names);
  const scope = credentialScope(amzDate.slice(0, 8), signing.region, signing.service);
  const key = signing.signingKey ?? deriveSigningKey(signing.secretKey, amzDate.slice(0, 8), signing.region, signing.service);
  const signature = createHmac('sha256', key).update(stringToSign(amzDate, scope, creq)).digest('hex');
  headers.authorization = `${SIGV4_ALGORITHM} Credential=${signing.accessKey}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return headers;
}
