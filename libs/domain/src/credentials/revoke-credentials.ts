import { StsError, type RevokeSelector } from '#contracts';
import type { Clock } from '../ports.js';
import type { CredentialRecord, CredentialStore } from './credential-record.js';
import { tokenMatchesDigest } from './session-token-digest.js';

/**
 * Revocation deletes the stored credential, so no lookup can find it again; the caller publishes the
 * revoked access keys so that gateways drop their cached copies at once.
 */
export class RevokeCredentials {
  constructor(private readonly store: CredentialStore, private readonly clock: Clock) {}

  async execute(selector: RevokeSelector): Promise<string[]> {
    const records = await this.select(selector);
    await this.store.remove(records);
    return records.map((r) => r.accessKey);
  }

  /**
   * Deletes a credential for whoever proves to hold it (its session token): the gateway that was
   * handed one it could not audit, and so did not pass on. false when there is no such credential
   * (gone already) or the token is not its own; nothing else can be deleted this way.
   */
  async discard(accessKey: string, sessionToken: string): Promise<boolean> {
    const record = await this.store.get(accessKey);
    if (!record || !tokenMatchesDigest(sessionToken, record.sessionTokenSha256)) return false;
    await this.store.remove([record]);
    return true;
  }

  private async select(selector: RevokeSelector): Promise<CredentialRecord[]> {
    const now = this.clock.now();
    if ('accessKey' in selector) {
      const record = await this.store.get(selector.accessKey);
      if (!record || record.expiresAt <= now) throw new StsError('NotFound', `No live temporary credential has the access key ${selector.accessKey}`);
      return [record];
    }
    if ('user' in selector) {
      const records = await this.store.list(selector.user);
      return selector.tokenRevokeType === undefined ? records : records.filter((r) => r.tokenRevokeType === selector.tokenRevokeType);
    }
    const records = await this.store.list();
    return 'provider' in selector ? records.filter((r) => r.provider === selector.provider) : records;
  }
}
