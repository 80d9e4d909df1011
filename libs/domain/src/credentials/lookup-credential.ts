import type { LiveCredential } from '#contracts';
import { credentialSecretContext, type CredentialStore } from './credential-record.js';
import type { SecretSealer } from './secret-sealer.js';

/** Serves gateways that miss their cache: the stored record with its secret unsealed. */
export class LookupCredential {
  constructor(private readonly store: CredentialStore, private readonly sealer: SecretSealer) {}

  async execute(accessKey: string): Promise<LiveCredential | null> {
    const record = await this.store.get(accessKey);
    if (!record) return null;
    return {
      accessKey: record.accessKey,
      secretKey: this.sealer.open(record.secretKey, credentialSecretContext(record.accessKey)),
      sessionTokenSha256: record.sessionTokenSha256,
      parent: record.parent,
      provider: record.provider,
      roleSessionName: record.roleSessionName,
      expiresAt: record.expiresAt,
    };
  }
}
