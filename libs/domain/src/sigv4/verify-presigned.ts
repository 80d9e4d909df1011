import { StsError, type SignedRequest } from '#contracts';
import { SIGV4_ALGORITHM } from './authorization.js';
import { canonicalRequest } from './canonical-request.js';
import { isScopeDate, parseAmzDate } from './request-date.js';
import { credentialScope, deriveSigningKey, signatureMatches, signingKeyOf, stringToSign, type SigningSecret } from './signature.js';

/** AWS and MinIO: a presigned URL lives at most seven days. */
export const MAX_PRESIGNED_EXPIRES_SECONDS = 604_800;
const CLOCK_SKEW_MS = 15 * 60_000;

/** The `X-Amz-*` query parameters of a presigned URL (AWS "Authenticating Requests: Using Query Parameters"). */
export interface PresignedAuthorization {
  accessKey: string;
  date: string;
  region: string;
  service: string;
  amzDate: string;
  expiresSeconds: number;
  signedHeaders: string[];
  signature: string;
  sessionToken?: string;
  /** X-Amz-Content-Sha256 when given, else UNSIGNED-PAYLOAD. */
  payloadHash: string;
}

const queryError = (message: string) => new StsError('IncompleteSignature', message);

/** Whether the query carries presigned-URL authentication (MinIO isRequestPresignedSignatureV4). */
export const isPresignedQuery = (query: URLSearchParams): boolean => query.has('X-Amz-Credential');

export function parsePresignedQuery(query: URLSearchParams): PresignedAuthorization {
  const one = (name: string): string => {
    const values = query.getAll(name);
    if (values.length !== 1) throw queryError(`Query-string authentication requires exactly one ${name} parameter.`);
    return values[0];
  };
  if (one('X-Amz-Algorithm') !== SIGV4_ALGORITHM) throw queryError(`X-Amz-Algorithm only supports "${SIGV4_ALGORITHM}".`);
  const parts = one('X-Amz-Credential').split('/');
  if (parts.length < 5 || parts.at(-1) !== 'aws4_request' || !isScopeDate(parts.at(-4)!)) {
    throw queryError('Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".');
  }
  const amzDate = one('X-Amz-Date');
  if (parseAmzDate(amzDate) === undefined) throw queryError('X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd\'T\'HHmmss\'Z\'".');
  const expires = one('X-Amz-Expires');
  if (!/^\d{1,7}$/.test(expires)) throw queryError('X-Amz-Expires should be a number.');
  const expiresSeconds = Number(expires);
  if (expiresSeconds < 1 || expiresSeconds > MAX_PRESIGNED_EXPIRES_SECONDS) {
    throw queryError('X-Amz-Expires must be less than a week (in seconds) that is 604800 and more than 0.');
  }
  const signature = one('X-Amz-Signature');
  if (!/^[0-9a-f]{64}$/.test(signature)) throw queryError('X-Amz-Signature must be 64 lowercase hexadecimal characters.');
  const signedHeaders = one('X-Amz-SignedHeaders').toLowerCase().split(';');
  if (!signedHeaders.includes('host')) throw queryError("'Host' must be a 'SignedHeader' in the X-Amz-SignedHeaders.");
  const [date, region, service] = parts.slice(-4);
  const tokens = query.getAll('X-Amz-Security-Token');
  return {
    accessKey: parts.slice(0, -4).join('/'), date, region, service, amzDate, expiresSeconds, signedHeaders, signature,
    sessionToken: tokens[0],
    payloadHash: query.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD',
  };
}

/**
 * Verifies a presigned URL against `secret`: scope, validity window, then the signature over the
 * canonical request without `X-Amz-Signature`. Expired → AccessDenied "Request has expired", as S3.
 * `secret`: the secret key, or a record holding it that is never changed in place (a cached
 * signer), whose signing key is then kept with it (as verifySigV4 does).
 */
export function verifyPresignedSigV4(req: Omit<SignedRequest, 'payloadHash'>, auth: PresignedAuthorization, secret: string | SigningSecret, policy: { now: Date; service: string; region?: string }): void {
  if (auth.date !== auth.amzDate.slice(0, 8) || auth.service !== policy.service) {
    throw new StsError('SignatureDoesNotMatch', 'The credential scope of the presigned URL does not match its date or service.');
  }
  if (policy.region && auth.region !== policy.region && !(auth.region === 'US' && policy.region === 'us-east-1')) {
    throw new StsError('SignatureDoesNotMatch', `The authorization query is malformed; the region is wrong; expecting '${policy.region}'.`);
  }
  const signedAt = parseAmzDate(auth.amzDate)!.getTime();
  if (signedAt - policy.now.getTime() > CLOCK_SKEW_MS) throw new StsError('AccessDenied', 'Request is not valid yet');
  if (policy.now.getTime() > signedAt + auth.expiresSeconds * 1000) throw new StsError('AccessDenied', 'Request has expired');
  const canonical = canonicalRequest({ ...req, payloadHash: auth.payloadHash }, auth.signedHeaders, { normalizePath: false, omitQueryPrefix: 'X-Amz-Signature=' });
  const key = typeof secret === 'string'
    ? deriveSigningKey(secret, auth.date, auth.region, auth.service)
    : signingKeyOf(secret, auth.date, auth.region, auth.service);
  const toSign = stringToSign(auth.amzDate, credentialScope(auth.date, auth.region, auth.service), canonical);
  if (!signatureMatches(key, toSign, auth.signature)) {
    throw new StsError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
  }
}
