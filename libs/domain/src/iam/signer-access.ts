import type { AccessGrant, LiveCredential, LookupLongTermKeyResponse } from '#contracts';
import { MINTED_ACCESS_KEY } from '../credentials/access-keys.js';
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
    // Most temporary credentials gateways ask about are builtin users' (AssumeRole): once the
    // token is vouched for by its signature (no read), issued for this key and current, its
    // parent's access is read alongside the record. Any other token costs one read, as before.
    const claimed = this.lookup.claimedParent(accessKey, sessionToken);
    const ahead = claimed === undefined || claimed === this.rootAccessKey ? undefined
      : { parent: this.lookup.parentAhead(claimed), access: this.grantOf({ parent: claimed, provider: 'builtin' }) };
    // Used only for that parent; a failure is reported there.
    ahead?.parent.catch(() => undefined);
    ahead?.access.catch(() => undefined);
    const record = await this.lookup.recordOf(accessKey, sessionToken);
    if (!record) return null;
    const asRead = ahead && record.provider === 'builtin' && record.parent === claimed ? ahead : undefined;
    const [credential, access] = await Promise.all([this.lookup.live(record, asRead?.parent), asRead?.access ?? this.grantOf(record)]);
    return credential && { ...credential, access };
  }

  /** The root user, a builtin user or a service account; for an unknown key, whether it is a temporary credential's. */
  async longTerm(accessKey: string): Promise<LookupLongTermKeyResponse> {
    // Read alongside the key, by what it most likely is: a key shaped like the ones the issuer
    // mints is asked about after a refusal of a temporary credential (revoked, expired), so its
    // record; any other is most likely a builtin user's, so its access (not for the root user).
    const minted = MINTED_ACCESS_KEY.test(accessKey);
    const asTemporary = minted ? this.credentials.get(accessKey) : undefined;
    const asUser = minted || accessKey === this.rootAccessKey ? undefined : this.grantOf({ parent: accessKey, provider: 'builtin' });
    // Each is awaited only where it is used; a failure is reported there.
    asTemporary?.catch(() => undefined);
    asUser?.catch(() => undefined);
    const identity = await this.identities.find(accessKey);
    // Only a minted key can be a temporary credential's: any other needs no read to say it is not.
    if (!identity) return { key: null, temporary: asTemporary !== undefined && (await asTemporary) !== null };
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
