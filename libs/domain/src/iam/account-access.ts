import type { AccountAccess } from '#contracts';
import { CANNED_POLICIES, normalizePolicy, type PolicyDocument } from '../policy/index.js';
import type { AuthorizedAdminCaller } from './admin-authorizer.js';

const asJson = (policy: PolicyDocument): Record<string, unknown> => JSON.parse(normalizePolicy(policy)) as Record<string, unknown>;

/** The caller's policies as one document (MinIO's merged policy); no policy merges to no statements. */
function merged(policies: readonly PolicyDocument[]): Record<string, unknown> {
  return { Version: '2012-10-17', Statement: policies.flatMap((p) => asJson(p).Statement as unknown[]) };
}

/**
 * madmin AccountInfo's account part (MinIO AccountInfoHandler): the account is the parent of a
 * derived credential; the policy shown is root's consoleAdmin, else the merged policies, or the
 * session (embedded) policy that narrows them — the buckets' read/write flags are computed from the
 * policies themselves, both together.
 */
export function accountAccessOf(caller: AuthorizedAdminCaller): AccountAccess {
  const shown = caller.sessionPolicy ?? (caller.owner ? CANNED_POLICIES.consoleAdmin : undefined);
  return {
    accountName: caller.username,
    provider: caller.provider,
    owner: caller.owner,
    identityPolicies: caller.identityPolicies.map(asJson),
    ...(caller.sessionPolicy ? { sessionPolicy: asJson(caller.sessionPolicy) } : {}),
    ...(caller.claims ? { claims: { ...caller.claims } } : {}),
    policy: shown ? asJson(shown) : merged(caller.identityPolicies),
  };
}
