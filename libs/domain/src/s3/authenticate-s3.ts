import { StsError, type SignedRequest } from '#contracts';
import { tokenMatchesRecord } from '../credentials/session-token-digest.js';
import type { Clock } from '../ports.js';
import {
  credentialScope, isPresignedQuery, parseAuthorization, parsePresignedQuery, signingKeyOf, verifyPresignedSigV4, verifySigV4,
} from '../sigv4/index.js';
import type { ChunkSigning } from './aws-chunked.js';
import { S3Error } from './s3-error.js';
import type { S3Principal } from './s3-principal.js';

/**
 * A key that may sign S3 calls, resolved with its secret (held in memory only). A directory hands
 * out the same object for as long as its cached answer stands and never changes one in place: the
 * signing key is kept beside it (weakly, gone with it); of the session token only its digest is kept.
 */
export interface S3Signer {
  readonly secretKey: string;
  readonly principal: S3Principal;
  /** Temporary credentials only. */
  readonly expiresAt?: number;
  readonly sessionTokenSha256?: string;
  readonly enabled: boolean;
}

/** Where the gateway finds signers: its caches, filled from the issuer on a miss. */
export interface S3SignerDirectory {
  /** A temporary credential issued with exactly this session token, or null. */
  temporary(accessKey: string, sessionToken: string): Promise<S3Signer | null>;
  /** The root user or a builtin user; 'temporary' when the key is a temporary credential's; null when unknown. */
  longTerm(accessKey: string): Promise<S3Signer | 'temporary' | null>;
}

/** An S3 request as signed: the raw path and query, every header, and the declared payload hash. */
export interface S3SignedRequest {
  readonly method: string;
  readonly path: string;
  readonly rawQuery: string;
  /** `rawQuery` parsed, when the caller has it already. */
  readonly query?: URLSearchParams;
  readonly headers: ReadonlyArray<[string, string]>;
}

export interface S3Authentication {
  readonly principal: S3Principal;
  /** What the body must hash to: a hex digest, UNSIGNED-PAYLOAD, or a STREAMING-* mode. */
  readonly payloadHash: string;
  /** Set for STREAMING-AWS4-HMAC-SHA256-PAYLOAD(-TRAILER): how each chunk (and the trailer) is signed. */
  readonly chunkSigning?: ChunkSigning;
  readonly presigned: boolean;
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const PAYLOAD_HASH = /^([0-9a-f]{64}|UNSIGNED-PAYLOAD|STREAMING-AWS4-HMAC-SHA256-PAYLOAD(-TRAILER)?|STREAMING-UNSIGNED-PAYLOAD-TRAILER)$/;

const header = (req: S3SignedRequest, name: string) => req.headers.find(([n]) => n.toLowerCase() === name)?.[1];
const invalidKey = () => new S3Error('InvalidAccessKeyId', 'The Access Key Id you provided does not exist in our records.');
const invalidToken = () => new S3Error('InvalidTokenId', 'The security token included in the request is invalid');

/**
 * MinIO's S3 authentication (reference minio-sts.md §7.5): SigV4 in the Authorization header or a
 * presigned query, service `s3`. Temporary credentials need their session token (compared by
 * digest in constant time); expired or unknown keys are InvalidAccessKeyId, a missing or wrong
 * token InvalidTokenId; anonymous calls are AccessDenied (no bucket policies here).
 */
export async function authenticateS3(req: S3SignedRequest, directory: S3SignerDirectory, clock: Clock, region: string | undefined): Promise<S3Authentication> {
  const query = req.query ?? new URLSearchParams(req.rawQuery);
  const presigned = isPresignedQuery(query);
  const authorization = header(req, 'authorization');
  if (!presigned && authorization === undefined) throw new S3Error('AccessDenied', 'Access Denied.');
  if (presigned && authorization !== undefined) throw new S3Error('InvalidArgument', 'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified.');
  const presignedAuth = presigned ? parsePresignedQuery(query) : undefined;
  const headerAuth = presignedAuth ? undefined : parseAuthorization(authorization!);
  const accessKey = presignedAuth?.accessKey ?? headerAuth!.accessKey;
  const token = presignedAuth ? presignedAuth.sessionToken : header(req, 'x-amz-security-token');
  const signer = await resolveSigner(directory, accessKey, token, clock);
  const now = new Date(clock.now());
  const payloadHash = presignedAuth?.payloadHash ?? header(req, 'x-amz-content-sha256') ?? EMPTY_SHA256;
  if (!PAYLOAD_HASH.test(payloadHash)) throw new S3Error('InvalidArgument', 'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-*-PAYLOAD or a lowercase hex SHA-256.');
  // The verifiers only read the headers: no copy.
  const signed: SignedRequest = { method: req.method, path: req.path, query: req.rawQuery, headers: req.headers as SignedRequest['headers'], payloadHash };
  if (presignedAuth) verifyPresignedSigV4(signed, presignedAuth, signer, { now, service: 's3', region });
  else verifySigV4(signed, signer, { now, service: 's3', region, normalizePath: false }, headerAuth);
  if (!signer.enabled) throw new S3Error('AccessDenied', 'Your account is disabled; please contact your administrator.');
  const chunkSigning = payloadHash.startsWith('STREAMING-AWS4-HMAC-SHA256-PAYLOAD') && headerAuth
    ? {
      signingKey: signingKeyOf(signer, headerAuth.date, headerAuth.region, headerAuth.service).key,
      amzDate: header(req, 'x-amz-date') ?? '',
      scope: credentialScope(headerAuth.date, headerAuth.region, headerAuth.service),
      seedSignature: headerAuth.signature,
    }
    : undefined;
  return { principal: signer.principal, payloadHash, chunkSigning, presigned };
}

async function resolveSigner(directory: S3SignerDirectory, accessKey: string, token: string | undefined, clock: Clock): Promise<S3Signer> {
  if (token === undefined || token === '') {
    const found = await directory.longTerm(accessKey);
    if (found === 'temporary') throw invalidToken();
    if (found === null) throw invalidKey();
    return found;
  }
  const signer = await directory.temporary(accessKey, token);
  if (!signer) {
    // The key exists but was not issued with this token, or is a long-term key sent with a token.
    if ((await directory.longTerm(accessKey)) !== null) throw invalidToken();
    throw invalidKey();
  }
  if (signer.expiresAt !== undefined && clock.now() >= signer.expiresAt) throw invalidKey();
  // The directory checked the token too (its contract); checked again here, against the digest, so that
  // authentication never rests on an adapter alone: one more SHA-256 of the token, about a microsecond.
  if (!signer.sessionTokenSha256 || !tokenMatchesRecord(token, signer as S3Signer & { sessionTokenSha256: string })) throw invalidToken();
  return signer;
}

/** SigV4 errors (StsError codes of the shared verifier) as S3 answers them. */
export function s3ErrorOf(error: StsError): S3Error {
  switch (error.code) {
    case 'IncompleteSignature':
      return new S3Error(error.message.startsWith('Query-string') || error.message.startsWith('X-Amz') ? 'AuthorizationQueryParametersError' : 'AuthorizationHeaderMalformed', error.message);
    case 'SignatureDoesNotMatch':
      return /^Signature (expired|not yet current)/.test(error.message) ? new S3Error('RequestTimeTooSkewed', 'The difference between the request time and the server\'s time is too large.') : new S3Error('SignatureDoesNotMatch', error.message);
    case 'AccessDenied':
      return new S3Error('AccessDenied', error.message);
    case 'ServiceUnavailable':
      return new S3Error('ServiceUnavailable', 'Please reduce your request rate.');
    default:
      return new S3Error(error.status >= 500 ? 'InternalError' : 'AccessDenied', error.status >= 500 ? 'We encountered an internal error, please try again.' : error.message);
  }
}
