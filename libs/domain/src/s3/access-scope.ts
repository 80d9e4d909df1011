import type { AccessChangedEvent, AccessGrant } from '#contracts';

/** Which cached access a change can alter: an access-change event, or one changed `iam/` key. */
export type AccessScope = AccessChangedEvent;

/** What a cached signer's access was computed from. */
export interface CachedAccess {
  readonly accessKey: string;
  readonly parent: string;
  readonly access?: AccessGrant;
}

const overlaps = (names: readonly string[] | undefined, changed: ReadonlySet<string>): boolean =>
  changed.size > 0 && (names === undefined || names.some((name) => changed.has(name)));

/**
 * A test for the cached signers a change touches: its parent or its own key (a user, a service
 * account, a user or DN mapping), a policy its grant names, a group its grant hangs on. A grant that
 * does not say what it was computed from (an older issuer) is touched by every policy or group change.
 */
export function touchedBy(scope: AccessScope): (signer: CachedAccess) => boolean {
  if (scope.all) return () => true;
  const parents = new Set(scope.parents);
  const policies = new Set(scope.policies);
  const groups = new Set(scope.groups);
  return (signer) =>
    parents.has(signer.parent) || parents.has(signer.accessKey) ||
    overlaps(signer.access?.policyNames, policies) || overlaps(signer.access?.groups, groups);
}
