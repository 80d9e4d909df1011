import { isAllowed, type RequestContextValue } from '../policy/index.js';
import type { AccessCheck } from './s3-operations.js';
import type { S3Principal } from './s3-principal.js';

/**
 * One check, evaluated locally: the parent's policies ∩ the session policy (MinIO IsAllowedSTS /
 * IsAllowed), with the request's condition values and policy variables.
 */
export function s3Allows(principal: S3Principal, check: AccessCheck, context: Readonly<Record<string, RequestContextValue>>): boolean {
  return isAllowed({
    identityPolicies: principal.identityPolicies,
    sessionPolicy: principal.sessionPolicy,
    owner: principal.owner,
    request: { action: check.action, resource: check.resource, context },
  });
}

/** Every check must allow. */
export function s3AllowsAll(principal: S3Principal, checks: readonly AccessCheck[], context: Readonly<Record<string, RequestContextValue>>): boolean {
  return checks.every((check) => s3Allows(principal, check, context));
}

/**
 * Whether every check of this principal is decided without looking at the request: an owner
 * without a session policy is allowed everything (isAllowed, MinIO IsAllowedSTS). The gateway then
 * skips building the condition context, which no policy would read.
 */
export const s3DecidesWithoutContext = (principal: S3Principal): boolean => principal.owner && !principal.sessionPolicy;
