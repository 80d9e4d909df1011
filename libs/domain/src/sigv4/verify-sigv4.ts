import { StsError, type SignedRequest } from '#contracts';
import { parseAuthorization, type SigV4Authorization } from './authorization.js';
import { canonicalRequest } from './canonical-request.js';
import { amzDateFromDateHeader, assertFresh, parseAmzDate } from './request-date.js';
import { credentialScope, deriveSigningKey, signatureMatches, signingKeyOf, stringToSign, type SigningSecret } from './signature.js';

export interface SigV4Policy {
  now: Date;
  /** The scope service this endpoint answers for (`sts`). */
  service: string;
  /** undefined or '' = any region (MinIO with MINIO_REGION unset). */
  region?: string;
  /** Default 15 minutes, as AWS and MinIO. */
  maxSkewMs?: number;
  /** Default: true for every service but `s3` (see CanonicalRequestOptions). */
  normalizePath?: boolean;
}

const DEFAULT_MAX_SKEW_MS = 15 * 60_000;
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.';

/** Values of the header `name` (lower case), trimmed. Names of another length are not lower-cased to compare. */
function headerValues(req: SignedRequest, name: string): string[] {
  const values: string[] = [];
  for (const [key, value] of req.headers) if (key.length === name.length && key.toLowerCase() === name) values.push(value.trim());
  return values;
}

const incomplete = (message: string): StsError => new StsError('IncompleteSignature', message);
const mismatch = (message: string): StsError => new StsError('SignatureDoesNotMatch', message);

/**
 * Verifies SigV4 header authentication against `secretKey` and returns the parsed Authorization.
 * Looking up the access key (and any session token) is the caller's job; the token header is
 * just another header here, signed (STS does) or appended after signing (post-sts-header-after).
 * `parsed`: the request's Authorization header as the caller already parsed it (parsed once per request).
 * `secret`: the secret key, or a record holding it that is never changed in place (a cached
 * credential), whose signing key is then kept with it.
 */
export function verifySigV4(req: SignedRequest, secret: string | SigningSecret, policy: SigV4Policy, parsed?: SigV4Authorization): SigV4Authorization {
  const value = singleAuthorization(req);
  const auth = parsed ?? parseAuthorization(value);
  if (!auth.signedHeaders.includes('host')) {
    throw incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  const normalizePath = policy.normalizePath ?? policy.service !== 's3';
  const canonical = canonicalRequest(req, auth.signedHeaders, { normalizePath });
  const { amzDate, time } = requestTime(req, auth.signedHeaders);
  assertScope(auth, amzDate, policy);
  assertFresh(amzDate, time, policy.now, policy.maxSkewMs ?? DEFAULT_MAX_SKEW_MS);
  assertContentSha256(req);
  const signingKey = typeof secret === 'string'
    ? deriveSigningKey(secret, auth.date, auth.region, auth.service)
    : signingKeyOf(secret, auth.date, auth.region, auth.service);
  const toSign = stringToSign(amzDate, credentialScope(auth.date, auth.region, auth.service), canonical);
  if (!signatureMatches(signingKey, toSign, auth.signature)) throw mismatch(MISMATCH);
  return auth;
}

function singleAuthorization(req: SignedRequest): string {
  const values = headerValues(req, 'authorization');
  if (values.length === 0 || values[0] === '') {
    throw new StsError('AccessDenied', 'Unsupported Authorization Type; the request carries no Authorization header.');
  }
  if (values.length > 1) throw incomplete('Only one Authorization header is allowed.');
  return values[0];
}

/** The signing time: X-Amz-Date (which must then be signed), else the Date header. */
function requestTime(req: SignedRequest, signedHeaders: readonly string[]): { amzDate: string; time: Date } {
  const amzDates = headerValues(req, 'x-amz-date');
  if (amzDates.length > 0 && !signedHeaders.includes('x-amz-date')) {
    throw incomplete("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
  }
  const dates = amzDates.length > 0 ? [] : headerValues(req, 'date');
  if (amzDates.length === 0 && dates.length === 0) {
    throw incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  // A repeated date header is ambiguous and fails here too.
  const amzDate = amzDates.length > 0 ? amzDates.join(',') : amzDateFromDateHeader(dates.join(','));
  const time = amzDate === undefined ? undefined : parseAmzDate(amzDate);
  if (amzDate === undefined || time === undefined) {
    throw incomplete('X-Amz-Date must be in ISO 8601 basic format (yyyymmddThhmmssZ); a Date header may also be an IMF-fixdate.');
  }
  return { amzDate, time };
}

/** US is an old alias of us-east-1 that MinIO accepts on both sides (isValidRegion). */
const regionAlias = (region: string): string => (region === 'US' ? 'us-east-1' : region);

function assertScope(auth: SigV4Authorization, amzDate: string, policy: SigV4Policy): void {
  const day = amzDate.slice(0, 8);
  if (auth.date !== day) {
    throw mismatch(`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${day}', from '${amzDate}'.`);
  }
  if (auth.service !== policy.service) {
    throw mismatch(`Error parsing the Credential parameter; incorrect service. This endpoint belongs to "${policy.service}".`);
  }
  const expected = policy.region ? regionAlias(policy.region) : undefined;
  if (expected !== undefined && regionAlias(auth.region) !== expected) {
    throw mismatch(`The authorization header is malformed; the region is wrong; expecting '${expected}'.`);
  }
}

/** MinIO signs STS with the real body hash; a digest header sent anyway must agree with it. */
function assertContentSha256(req: SignedRequest): void {
  const [declared] = headerValues(req, 'x-amz-content-sha256');
  if (declared !== undefined && /^[0-9a-fA-F]{64}$/.test(declared) && declared.toLowerCase() !== req.payloadHash) {
    throw mismatch("The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
}
