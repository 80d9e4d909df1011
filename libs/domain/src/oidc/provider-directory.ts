import { StsError } from '#contracts';
import type { OpenIdProviderConfig } from './provider-config.js';
import { DUMMY_ROLE_ARN, isWellFormedRoleArn } from './role-arn.js';
import type { IdentityClaims } from './token-claims.js';

/** Validates a token against one provider: signature, algorithm, issuer, audience, times; UserInfo merged. */
export interface IdentityTokenVerifier {
  verify(token: string, accessToken: string | undefined): Promise<IdentityClaims>;
}

export interface OpenIdProvider {
  config: OpenIdProviderConfig;
  verifier: IdentityTokenVerifier;
}

export interface SelectedProvider {
  provider: OpenIdProvider;
  /** Set in role mode: the configured role the request named. */
  roleArn?: string;
}

const roleArnError = (problem: string) => new StsError('InvalidParameterValue', `Error processing RoleArn parameter: ${problem}`);

/** MinIO routes by RoleArn only (§3.6): each role provider has its ARN, the claim-based one has none. */
export class OpenIdProviderDirectory {
  private readonly byRoleArn = new Map<string, OpenIdProvider>();
  private readonly claimBased?: OpenIdProvider;

  constructor(providers: readonly OpenIdProvider[]) {
    for (const provider of providers) {
      if (provider.config.roleArn) this.byRoleArn.set(provider.config.roleArn, provider);
      else this.claimBased = provider;
    }
  }

  get roleArns(): string[] {
    return [...this.byRoleArn.keys()];
  }

  /**
   * No RoleArn: the claim-based provider. A configured RoleArn: its provider. Any other RoleArn is
   * ignored when a claim-based provider exists, because AWS SDKs must send one (minio/minio#21421).
   */
  select(roleArn: string | undefined): SelectedProvider {
    if (roleArn) {
      const role = this.byRoleArn.get(roleArn);
      if (role) return { provider: role, roleArn };
      if (this.claimBased) return { provider: this.claimBased };
      if (!isWellFormedRoleArn(roleArn)) throw roleArnError('RoleARN parse err: invalid ARN string format');
      throw roleArnError(`RoleARN ${roleArn} is not defined.`);
    }
    if (!this.claimBased) throw new StsError('InvalidParameterValue', `Role ${DUMMY_ROLE_ARN} does not exist`);
    return { provider: this.claimBased };
  }
}
