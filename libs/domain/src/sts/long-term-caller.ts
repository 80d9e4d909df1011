import { StsError, type CallerIdentity, type SignedRequest } from '#contracts';
import type { LongTermIdentity, LongTermIdentityDirectory } from '../identity/users.js';
import type { Clock } from '../ports.js';
import { parseAuthorization, verifySigV4 } from '../sigv4/index.js';
import { findHeader } from './request-headers.js';
import { STS_ACCOUNT_ID } from './caller-identity.js';

export const UNKNOWN_ACCESS_KEY = 'The Access Key Id you provided does not exist in our records.';

/**
 * Authenticates an STS request signed with long-term keys (root, builtin users, service accounts),
 * with AWS's codes: unknown key → InvalidClientTokenId, bad signature → SignatureDoesNotMatch,
 * disabled → AccessDenied. AssumeRole folds them into MinIO's AccessDenied.
 */
export async function authenticateLongTermKey(
  signed: SignedRequest, identities: LongTermIdentityDirectory, clock: Clock, region: string | undefined,
): Promise<LongTermIdentity> {
  const authorization = findHeader(signed, 'authorization');
  if (!authorization) throw new StsError('AccessDenied', 'Request is missing Authentication Token');
  const parsed = parseAuthorization(authorization);
  const caller = await identities.find(parsed.accessKey);
  if (!caller) throw new StsError('InvalidClientTokenId', UNKNOWN_ACCESS_KEY);
  // A frozen identity (the root user, a user's cached record) is never changed in place, so the
  // day's signing key is kept with it; a service account's, built per request, takes the secret.
  // verifySigV4 parses the trimmed value: the parse above serves when trimming changes nothing.
  const policy = { now: new Date(clock.now()), service: 'sts', region };
  verifySigV4(signed, Object.isFrozen(caller) ? caller : caller.secretKey, policy, authorization.trim() === authorization ? parsed : undefined);
  if (!caller.enabled) throw new StsError('AccessDenied', 'Your account is disabled; please contact your administrator.');
  return caller;
}

/**
 * AWS's answer for long-term keys: the account root, or an IAM user named by its access key. A
 * service account is an access key of its parent, so it answers as the parent, as AWS does.
 */
export function describeLongTermCaller(caller: LongTermIdentity): CallerIdentity {
  const parent = caller.serviceAccount?.parent;
  if (parent !== undefined && caller.provider !== 'root') return { arn: `arn:aws:iam::${STS_ACCOUNT_ID}:user/${parent}`, userId: parent, account: STS_ACCOUNT_ID };
  if (caller.provider === 'root') return { arn: `arn:aws:iam::${STS_ACCOUNT_ID}:root`, userId: STS_ACCOUNT_ID, account: STS_ACCOUNT_ID };
  return { arn: `arn:aws:iam::${STS_ACCOUNT_ID}:user/${caller.accessKey}`, userId: caller.accessKey, account: STS_ACCOUNT_ID };
}

/** GetCallerIdentity signed with long-term keys, verified where those secrets are (the assume-role verifier). */
export class LongTermCallerIdentity {
  constructor(private readonly identities: LongTermIdentityDirectory, private readonly clock: Clock, private readonly region: string | undefined) {}

  async execute(signed: SignedRequest): Promise<CallerIdentity> {
    return describeLongTermCaller(await authenticateLongTermKey(signed, this.identities, this.clock, this.region));
  }
}
