import { StsError, type AdminEnvelope, type AdminRequest, type AdminSubject, type SignedRequest } from '#contracts';
import type { LiveCredentialSource } from '../sts/caller-identity.js';
import { authenticateTemporaryCredential } from '../sts/caller-identity.js';
import { findHeader } from '../sts/request-headers.js';
import { parseAuthorization, verifySigV4 } from '../sigv4/index.js';
import { isAllowed, parsePolicy } from '../policy/index.js';
import type { Clock } from '../ports.js';
import { adminActionFor } from './admin-actions.js';
import type { EffectivePolicies } from './effective-policies.js';
import type { LongTermIdentity, LongTermIdentityDirectory } from '../identity/users.js';

const DENIED = 'Access Denied.';

/**
 * Admin calls are signed like madmin's (service `s3`) by the root user, by a builtin user whose
 * policies allow the `admin:` action, or by temporary credentials whose parent's policies (narrowed
 * by the session policy) allow it, as MinIO lets STS credentials use the admin API.
 */
export class AdminAuthorizer {
  constructor(
    private readonly identities: LongTermIdentityDirectory,
    private readonly temporary: LiveCredentialSource,
    private readonly effective: EffectivePolicies,
    private readonly clock: Clock,
    private readonly region: string | undefined,
  ) {}

  /** Authorizes an admin operation with the action it needs. */
  authorizeOperation<S extends AdminSubject>(subject: S, request: AdminRequest<S> & AdminEnvelope): Promise<void> {
    return this.authorize(request.signed, adminActionFor(subject, request));
  }

  /**
   * Verifies the signature and answers who signed with which secret: madmin encrypts bodies with
   * that secret (the temporary one for STS credentials), so the gateway needs it after this check.
   */
  async authenticate(signed: SignedRequest): Promise<{ accessKey: string; secretKey: string }> {
    const authorization = findHeader(signed, 'authorization');
    if (!authorization) throw new StsError('AccessDenied', 'Admin requests must be signed with AWS Signature Version 4.');
    if (findHeader(signed, 'x-amz-security-token') !== undefined) {
      const credential = await authenticateTemporaryCredential(signed, this.temporary, this.clock, this.region, 's3');
      return { accessKey: credential.accessKey, secretKey: credential.secretKey };
    }
    const caller = await this.longTermSigner(signed, authorization);
    return { accessKey: caller.accessKey, secretKey: caller.secretKey };
  }

  async authorize(signed: SignedRequest, action: string): Promise<void> {
    const authorization = findHeader(signed, 'authorization');
    if (!authorization) throw new StsError('AccessDenied', 'Admin requests must be signed with AWS Signature Version 4.');
    if (findHeader(signed, 'x-amz-security-token') !== undefined) return this.authorizeTemporary(signed, action);
    const caller = await this.longTermSigner(signed, authorization);
    const { accessKey } = caller;
    if (caller.provider === 'root') return;
    const policies = await this.effective.of({ parent: accessKey, provider: caller.provider });
    if (!isAllowed({ identityPolicies: policies.documents, owner: false, request: { action } })) throw new StsError('AccessDenied', DENIED);
  }

  private async longTermSigner(signed: SignedRequest, authorization: string): Promise<LongTermIdentity> {
    const { accessKey } = parseAuthorization(authorization);
    const caller = await this.identities.find(accessKey);
    if (!caller) throw new StsError('InvalidClientTokenId', 'The Access Key Id you provided does not exist in our records.');
    verifySigV4(signed, caller.secretKey, { now: new Date(this.clock.now()), service: 's3', region: this.region });
    if (!caller.enabled) throw new StsError('AccessDenied', 'Your account is disabled; please contact your administrator.');
    return caller;
  }

  private async authorizeTemporary(signed: SignedRequest, action: string): Promise<void> {
    const credential = await authenticateTemporaryCredential(signed, this.temporary, this.clock, this.region, 's3');
    const policies = await this.effective.of(credential);
    const sessionPolicy = credential.sessionPolicy ? parsePolicy(credential.sessionPolicy) : undefined;
    if (!isAllowed({ identityPolicies: policies.documents, owner: policies.owner, sessionPolicy, request: { action } })) {
      throw new StsError('AccessDenied', DENIED);
    }
  }
}
