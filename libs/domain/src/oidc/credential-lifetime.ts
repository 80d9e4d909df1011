import { StsError } from '#contracts';
import { evaluatePolicies, type PolicyDocument } from '../policy/index.js';
import { MAX_DURATION_SECONDS } from '../sts/duration.js';

export interface LifetimeInput {
  /** `DurationSeconds` as sent (already range-checked by the gateway); undefined when absent. */
  requestedSeconds?: number;
  /** `MINIO_STS_DURATION` in seconds. */
  overrideSeconds?: number;
  /** The identity token's `exp` (seconds since the epoch). */
  tokenExp: number;
  nowMs: number;
}

/**
 * MinIO §3.5: without `DurationSeconds` the credential ends when the identity token does; with it,
 * `DurationSeconds` replaces the token's expiry (it may outlive it, PR #18396), and a set
 * `MINIO_STS_DURATION` replaces `DurationSeconds`.
 */
export function credentialLifetimeSeconds(input: LifetimeInput): number {
  if (input.requestedSeconds !== undefined) return input.overrideSeconds ?? input.requestedSeconds;
  // A token accepted within the clock-skew leeway after its exp still yields a (1 s) credential;
  // one valid for years yields no more than any credential may live.
  const remaining = input.tokenExp - Math.floor(input.nowMs / 1000);
  return Math.min(MAX_DURATION_SECONDS, Math.max(1, remaining));
}

/**
 * MinIO §1.2 step 11: the resolved policies are read for an explicit Deny of
 * `sts:AssumeRoleWithWebIdentity` (ClientGrants too) given the requested `sts:DurationSeconds`;
 * an Allow is not needed.
 */
export function checkDurationNotDenied(policies: readonly PolicyDocument[], requestedSeconds: number | undefined): void {
  const context = requestedSeconds === undefined ? {} : { 'sts:DurationSeconds': String(requestedSeconds) };
  const decision = evaluatePolicies(policies, { action: 'sts:AssumeRoleWithWebIdentity', context });
  if (decision === 'ExplicitDeny') throw new StsError('AccessDenied', 'this user does not have enough permission');
}
