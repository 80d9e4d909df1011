import { StsError, type IssueCredentialRequest, type TokenAction, type VerifiedCredentials, type VerifyWebIdentityRequest } from '#contracts';
import type { PolicyCatalog } from '../iam/policy-catalog.js';
import type { Clock } from '../ports.js';
import type { CredentialMinter } from '../sts/assume-role.js';
import { checkDurationNotDenied, credentialLifetimeSeconds } from './credential-lifetime.js';
import { openIdParentUser } from './parent-user.js';
import type { OpenIdProviderDirectory, SelectedProvider } from './provider-directory.js';
import { claimPolicies, existingPolicies, type ResolvedPolicies } from './resolve-policies.js';
import { sessionClaimsFrom } from './session-claims.js';
import { subjectOf, type IdentityClaims } from './token-claims.js';

export interface TokenExchangePolicy {
  action: TokenAction;
  /** `MINIO_STS_DURATION` in seconds; replaces a sent `DurationSeconds` (§3.5). */
  durationOverrideSeconds?: number;
}

/** MinIO's action-specific ExpiredToken descriptions (`cmd/sts-errors.go`). */
const EXPIRED: Record<TokenAction, string> = {
  AssumeRoleWithWebIdentity: 'The web identity token that was passed is expired or is not valid. Get a new identity token from the identity provider and then retry the request.',
  AssumeRoleWithClientGrants: 'The client grants that was passed is expired or is not valid. Get a new client grants token from the identity provider and then retry the request.',
};

/**
 * AssumeRoleWithWebIdentity and AssumeRoleWithClientGrants (MinIO `AssumeRoleWithSSO`, §1.2): pick
 * the provider by RoleArn, validate the token, resolve policies (claim or role mode), refuse an
 * explicitly denied duration, and ask the issuer to mint for the derived parent user.
 */
export class AssumeRoleWithToken {
  constructor(
    private readonly providers: OpenIdProviderDirectory,
    private readonly catalog: PolicyCatalog,
    private readonly minter: CredentialMinter,
    private readonly clock: Clock,
    private readonly policy: TokenExchangePolicy,
  ) {}

  async execute(request: VerifyWebIdentityRequest): Promise<VerifiedCredentials> {
    const issue = await this.authorize(request);
    return { ...(await this.minter.issue(issue)), subjectFromToken: issue.subjectFromToken };
  }

  /** Validates the token and says what to mint (with the token's subject), for a verifier that hands the minting on itself. */
  async authorize(request: VerifyWebIdentityRequest): Promise<IssueCredentialRequest> {
    const selected = this.providers.select(request.roleArn);
    const claims = await this.verify(selected, request);
    const { config } = selected.provider;
    const claimMode = selected.roleArn === undefined;
    const resolved = claimMode ? await claimPolicies(this.catalog, claims, config.policyClaim) : undefined;
    const sub = subjectOf(claims);
    const policies = resolved ?? (await existingPolicies(this.catalog, config.rolePolicies));
    checkDurationNotDenied(policies.documents, request.durationSeconds);
    return {
      requestId: request.requestId,
      provider: 'openid',
      parent: openIdParentUser(sub, typeof claims.iss === 'string' ? claims.iss : undefined),
      durationSeconds: this.lifetime(request, claims),
      policies: policies.names,
      claims: this.sessionClaims(claims, selected, policies, claimMode),
      roleSessionName: request.roleSessionName,
      sessionPolicy: request.sessionPolicy,
      tokenRevokeType: request.tokenRevokeType,
      subjectFromToken: sub,
    };
  }

  private async verify(selected: SelectedProvider, request: VerifyWebIdentityRequest): Promise<IdentityClaims> {
    const { config, verifier } = selected.provider;
    // MinIO §3.3: UserInfo needs the access token; without it the request cannot be served.
    if (config.claimUserInfo && !request.accessToken) {
      throw new StsError('InvalidParameterValue', 'access_token is mandatory if user_info claim is enabled');
    }
    try {
      return await verifier.verify(request.token, config.claimUserInfo ? request.accessToken : undefined);
    } catch (error) {
      if (error instanceof StsError && error.code === 'ExpiredIdentityToken') {
        throw new StsError('ExpiredIdentityToken', EXPIRED[this.policy.action], { cause: error });
      }
      throw error;
    }
  }

  private lifetime(request: VerifyWebIdentityRequest, claims: IdentityClaims): number {
    if (typeof claims.exp !== 'number') throw new StsError('InvalidIdentityToken', 'The token has no expiry (exp)');
    return credentialLifetimeSeconds({
      requestedSeconds: request.durationSeconds,
      overrideSeconds: this.policy.durationOverrideSeconds,
      tokenExp: claims.exp,
      nowMs: this.clock.now(),
    });
  }

  private sessionClaims(claims: IdentityClaims, selected: SelectedProvider, policies: ResolvedPolicies, claimMode: boolean) {
    return claimMode
      ? sessionClaimsFrom(claims, { policyClaim: selected.provider.config.policyClaim, policies: policies.names })
      : sessionClaimsFrom(claims, { roleArn: selected.roleArn });
  }
}
