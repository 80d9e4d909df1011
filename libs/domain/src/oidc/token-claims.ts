import { StsError } from '#contracts';
import { policyNamesFromClaim } from './policy-claim.js';

export type IdentityClaims = Readonly<Record<string, unknown>>;

const AUD_INVALID = 'STS JWT Token has `aud` claim invalid, `aud` must match configured OpenID Client ID';
const AZP_INVALID = 'STS JWT Token has `azp` claim invalid, `azp` must match configured OpenID Client ID';

/**
 * MinIO's audience rule (§3.3): `aud` must be present; it, or else `azp`, must contain the client
 * id. Values are read like policy claims, so a list and comma-separated strings both count.
 */
export function checkAudience(claims: IdentityClaims, clientId: string): void {
  const aud = policyNamesFromClaim(claims.aud);
  if (aud === undefined) throw new StsError('InvalidIdentityToken', AUD_INVALID);
  if (aud.includes(clientId)) return;
  if (!policyNamesFromClaim(claims.azp)?.includes(clientId)) throw new StsError('InvalidIdentityToken', AZP_INVALID);
}

/** A token issued in the future (beyond the leeway) is refused, as golang-jwt does for `iat`. */
export function checkIssuedAt(claims: IdentityClaims, nowSeconds: number, leewaySeconds: number): void {
  if (claims.iat === undefined) return;
  if (typeof claims.iat !== 'number' || claims.iat > nowSeconds + leewaySeconds) {
    throw new StsError('InvalidIdentityToken', 'Token used before issued');
  }
}

/** MinIO §1.2 step 8: the subject must be a non-empty string. */
export function subjectOf(claims: IdentityClaims): string {
  const sub = claims.sub;
  if (typeof sub !== 'string' || sub === '') {
    throw new StsError('InvalidParameterValue', 'STS JWT Token has `sub` claim missing, `sub` claim is mandatory');
  }
  return sub;
}

/**
 * MinIO merges UserInfo claims without overwriting the token's (§3.3). UserInfo about another
 * subject is refused (OpenID Connect Core §5.3.2), so an access token of one user cannot lend its
 * claims to another user's id_token.
 */
export function mergeUserInfo(claims: IdentityClaims, userInfo: IdentityClaims): IdentityClaims {
  if (userInfo.sub !== undefined && userInfo.sub !== claims.sub) {
    throw new StsError('InvalidIdentityToken', 'The UserInfo subject does not match the token subject');
  }
  return { ...userInfo, ...claims };
}
