import type { IdentityClaims } from './token-claims.js';

/**
 * Claims that mean something in our own session tokens or records. An IdP must not be able to
 * plant them (a `sessionPolicy` claim would otherwise ride along when the caller sent none), so
 * they are dropped before the verified claims are copied into the session token.
 */
const RESERVED = new Set(['accessKey', 'parent', 'exp', 'iat', 'nbf', 'sessionPolicy', 'tokenRevokeType', 'roleArn']);

/**
 * MinIO copies every verified IdP claim into the session token (§3.3), with the policy claim
 * overwritten by the filtered list (claim mode) or `roleArn` added (role mode).
 */
export function sessionClaimsFrom(claims: IdentityClaims, resolved: { policyClaim?: string; policies?: string[]; roleArn?: string }): Record<string, unknown> {
  const copied: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(claims)) if (!RESERVED.has(name)) copied[name] = value;
  if (resolved.policyClaim !== undefined) copied[resolved.policyClaim] = (resolved.policies ?? []).join(',');
  if (resolved.roleArn !== undefined) copied.roleArn = resolved.roleArn;
  return copied;
}
