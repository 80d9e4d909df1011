import { StsError, type LiveCredential, type SignedRequest } from '#contracts';
import { tokenMatchesRecord } from '../credentials/session-token-digest.js';
import type { Clock } from '../ports.js';
import { parseAuthorization, verifySigV4, type SigV4Authorization } from '../sigv4/index.js';
import { findHeader } from './request-headers.js';

export interface LiveCredentialSource {
  /** The live credential issued with this session token, or null; a cached answer may come without a promise. */
  find(accessKey: string, sessionToken: string): LiveCredential | null | Promise<LiveCredential | null>;
}

const INVALID_TOKEN = 'The security token included in the request is invalid.';

/**
 * Authenticates a request signed with temporary credentials (GetCallerIdentity now, S3 later).
 * Codes as AWS sends them: unknown key or wrong token → InvalidClientTokenId, expired →
 * ExpiredToken, bad signature → SignatureDoesNotMatch, all 403. `parsedAuthorization`: the
 * Authorization header as the caller already parsed it, so a request is parsed once.
 */
export async function authenticateTemporaryCredential(
  request: SignedRequest,
  source: LiveCredentialSource,
  clock: Clock,
  region: string | undefined,
  service = 'sts',
  parsedAuthorization?: SigV4Authorization,
): Promise<LiveCredential> {
  const authorization = findHeader(request, 'authorization');
  if (!authorization) throw new StsError('AccessDenied', 'Request is missing Authentication Token');
  const parsed = parsedAuthorization ?? parseAuthorization(authorization);
  const token = findHeader(request, 'x-amz-security-token');
  if (!token) throw new StsError('InvalidClientTokenId', INVALID_TOKEN);
  const found = source.find(parsed.accessKey, token);
  const credential = found instanceof Promise ? await found : found;
  if (!credential) throw new StsError('InvalidClientTokenId', INVALID_TOKEN);
  if (clock.now() >= credential.expiresAt) throw new StsError('ExpiredToken', 'The security token included in the request is expired');
  // A cached credential was looked up with some token: this request's must be the same one.
  if (!tokenMatchesRecord(token, credential)) throw new StsError('InvalidClientTokenId', INVALID_TOKEN);
  verifySigV4(request, credential, { now: new Date(clock.now()), service, region }, parsed);
  // A disabled parent stops its temporary credentials at once (MinIO: its policies become empty).
  if (credential.parentStatus !== 'enabled') throw new StsError('AccessDenied', 'Your account is disabled; please contact your administrator.');
  return credential;
}

/** AWS-shaped identity of a temporary credential. There are no AWS accounts here: a fixed zero account. */
export function describeCaller(credential: LiveCredential) {
  const session = credential.roleSessionName || credential.accessKey;
  return {
    arn: `arn:aws:sts::${STS_ACCOUNT_ID}:assumed-role/${credential.parent}/${session}`,
    userId: `${credential.parent}:${session}`,
    account: STS_ACCOUNT_ID,
  };
}
export const STS_ACCOUNT_ID = '000000000000';
