import type { LiveCredential } from '#contracts';
import type { UserStore } from '../iam/users.js';
import { credentialSecretContext, type CredentialRecord, type CredentialStore } from './credential-record.js';
import type { SecretSealer } from './secret-sealer.js';

/**
 * Serves gateways that miss their cache: the stored record with its secret unsealed and its
 * parent's current standing. A credential whose builtin parent is gone is gone too.
 */
export class LookupCredential {
  constructor(private readonly store: CredentialStore, private readonly users: UserStore, private readonly sealer: SecretSealer) {}

  async execute(accessKey: string): Promise<LiveCredential | null> {
    const record = await this.store.get(accessKey);
    if (!record) return null;
    const parentStatus = await this.parentStatus(record);
    if (parentStatus === null) return null;
    return {
      accessKey: record.accessKey,
      secretKey: this.sealer.open(record.secretKey, credentialSecretContext(record.accessKey)),
      sessionTokenSha256: record.sessionTokenSha256,
      parent: record.parent,
      provider: record.provider,
      roleSessionName: record.roleSessionName,
      sessionPolicy: record.sessionPolicy,
      policies: record.policies,
      groups: record.groups,
      expiresAt: record.expiresAt,
      parentStatus,
    };
  }

  private async parentStatus(record: CredentialRecord): Promise<'enabled' | 'disabled' | null> {
    // Federated parents live in their IdP or directory; only builtin users have a standing here.
    if (record.provider !== 'builtin') return 'enabled';
    const user = await this.users.get(record.parent);
    // A credential older than its parent was derived from an earlier user of the same name.
    if (!user || record.issuedAt < user.createdAt) return null;
    return user.status;
  }
}
