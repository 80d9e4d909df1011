import { StsError, type IssueCredentialRequest, type IssuedCredentials, type VerifyAssumeRoleRequest } from '#contracts';
import type { LongTermIdentity, LongTermIdentityDirectory } from '../identity/users.js';
import type { Clock } from '../ports.js';
import { DEFAULT_DURATION_SECONDS } from './duration.js';
import { authenticateLongTermKey } from './long-term-caller.js';
import { findHeader } from './request-headers.js';

/** The port through which a verifier asks the credential issuer to mint. */
export interface CredentialMinter {
  issue(request: IssueCredentialRequest): Promise<IssuedCredentials>;
}

export interface AssumeRolePolicy {
  /** `MINIO_REGION`; undefined accepts any region in the credential scope, as MinIO. */
  region?: string;
  /** `MINIO_STS_DURATION` in seconds; when set it overrides `DurationSeconds` (MinIO §7.4). */
  durationOverrideSeconds?: number;
}

/** MinIO answers every AssumeRole authentication failure as AccessDenied with the S3 description (§1.1). */
const denied = (message: string) => new StsError('AccessDenied', message);

export class AssumeRole {
  constructor(
    private readonly identities: LongTermIdentityDirectory,
    private readonly minter: CredentialMinter,
    private readonly clock: Clock,
    private readonly policy: AssumeRolePolicy,
  ) {}

  async execute(request: VerifyAssumeRoleRequest): Promise<IssuedCredentials> {
    return this.minter.issue(await this.authorize(request));
  }

  /** Authenticates the caller and says what to mint, for a verifier that hands the minting on itself. */
  async authorize(request: VerifyAssumeRoleRequest): Promise<IssueCredentialRequest> {
    const caller = await this.authenticate(request);
    return {
      requestId: request.requestId,
      provider: caller.provider,
      // A service account's credentials derive from its parent, narrowed by its embedded policy.
      parent: caller.serviceAccount?.parent ?? caller.accessKey,
      durationSeconds: this.policy.durationOverrideSeconds ?? request.durationSeconds ?? DEFAULT_DURATION_SECONDS,
      sessionPolicy: sessionPolicyOf(caller, request.sessionPolicy),
      tokenRevokeType: request.tokenRevokeType,
      roleSessionName: request.roleSessionName,
    };
  }

  /** Long-term keys only: a session token or temporary credentials cannot chain into AssumeRole. */
  private async authenticate(request: VerifyAssumeRoleRequest): Promise<LongTermIdentity> {
    if (findHeader(request.signed, 'x-amz-security-token') !== undefined) throw denied('Access Denied.');
    if (!findHeader(request.signed, 'authorization')) throw denied('Access Denied.');
    try {
      return await authenticateLongTermKey(request.signed, this.identities, this.clock, this.policy.region);
    } catch (error) {
      if (error instanceof StsError) throw denied(error.message);
      throw error;
    }
  }
}

/**
 * A credential carries one session policy. A service account's embedded policy is it; a request
 * policy on top would need two, so it is refused rather than silently widening or dropping one.
 */
function sessionPolicyOf(caller: LongTermIdentity, requested: string | undefined): string | undefined {
  const embedded = caller.serviceAccount?.policy;
  if (embedded && requested) throw new StsError('InvalidParameterValue', 'A service account with an embedded policy cannot add a session policy.');
  return embedded ?? requested;
}
