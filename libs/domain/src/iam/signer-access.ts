import type { AccessGrant, LiveCredential, LookupLongTermKeyResponse } from '#contracts';
import type { CredentialStore } from '../credentials/credential-record.js';
import type { LookupCredential } from '../credentials/lookup-credential.js';
import type { LongTermIdentityDirectory } from '../identity/users.js';
import { normalizePolicy } from '../policy/index.js';
import type { EffectivePolicies, PolicySubject } from './effective-policies.js';

/**
 * What a gateway needs to verify and authorize S3 calls itself: the signer's secret and the
 * parent's effective policies as they are now. Asked once per cache fill, never per request; after
 * an access change every gateway asks at once, so the parent's access is read alongside the signer
 * (not after it) and the answer waits for the slowest of fewer rounds.
 */
export class SignerAccess {
  constructor(
    private readonly lookup: LookupCredential,
    private readonly identities: LongTermIdentityDirectory,
    private readonly credentials: CredentialStore,
    private readonly effective: EffectivePolicies,
    private readonly rootAccessKey: string,
  ) {}

  /** A temporary credential (for the token it was issued with), with its parent's access. */
  async temporary(accessKey: string, sessionToken: string): Promise<LiveCredential | null> {
    // The token is vouched for first: a forged one costs one read, not the parent's access.
    const record = await this.lookup.recordOf(accessKey, sessionToken);
    if (!record) return null;
    const [credential, access] = await Promise.all([this.lookup.live(record), this.grantOf(record)]);
    return credential && { ...credential, access };
  }

  /** The root user, a builtin user or a service account; for an unknown key, whether it is a temporary credential's. */
  async longTerm(accessKey: string): Promise<LookupLongTermKeyResponse> {
    // Most long-term keys are builtin users': their access is read alongside the key.
    const asUser = accessKey === this.rootAccessKey ? undefined : this.grantOf({ parent: accessKey, provider: 'builtin' });
    asUser?.catch(() => undefined); // used only for a builtin user; its failure is reported there
    const identity = await this.identities.find(accessKey);
    if (!identity) return { key: null, temporary: (await this.credentials.get(accessKey)) !== null };
    const parent = identity.serviceAccount?.parent ?? accessKey;
    const access = await (asUser && !identity.serviceAccount && identity.provider === 'builtin' ? asUser : this.grantOf({ parent, provider: identity.provider }));
    const sessionPolicy = identity.serviceAccount?.policy;
    return {
      key: { accessKey, secretKey: identity.secretKey, parent, ...(sessionPolicy ? { sessionPolicy } : {}), provider: identity.provider, enabled: identity.enabled, access },
      temporary: false,
    };
  }

  private async grantOf(subject: PolicySubject): Promise<AccessGrant> {
    const parent = await this.effective.of(subject);
    return { owner: parent.owner, policies: parent.documents.map((document) => normalizePolicy(document)), policyNames: parent.names, groups: parent.groups };
  }
}
