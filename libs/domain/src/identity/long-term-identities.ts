import type { Clock } from '../ports.js';
import type { SecretSealer } from '../sealing/secret-sealer.js';
import { serviceAccountSecretContext, type ServiceAccountRecord, type ServiceAccountStore } from './service-accounts.js';
import { userSecretContext, type LongTermIdentity, type LongTermIdentityDirectory, type RootCredentials, type UserRecord, type UserStore } from './users.js';

/**
 * The root user from configuration, then builtin users, then service accounts from the stores.
 * The root user's identity, and a user's for as long as the store hands back the same record (a
 * cached one; a change replaces it), is one frozen object: its secret is opened once, and SigV4
 * verification keeps the signing key of the day with it (signingKeyOf) instead of deriving it
 * (four HMACs) per request.
 */
export class LongTermIdentities implements LongTermIdentityDirectory {
  private readonly rootIdentity: LongTermIdentity;
  private readonly userIdentities = new WeakMap<UserRecord, LongTermIdentity>();

  constructor(
    private readonly root: RootCredentials,
    private readonly users: UserStore,
    private readonly sealer: SecretSealer,
    private readonly serviceAccounts: ServiceAccountStore,
    private readonly clock: Clock,
  ) {
    this.rootIdentity = Object.freeze({ accessKey: root.accessKey, secretKey: root.secretKey, provider: 'root', enabled: true });
  }

  async find(accessKey: string): Promise<LongTermIdentity | null> {
    if (accessKey === this.root.accessKey) return this.rootIdentity;
    // Side by side (one round): a removed user's key, refused by every gateway at once after the
    // removal, should cost one round, not one per place a key can live.
    const [user, account] = await Promise.all([this.users.get(accessKey), this.serviceAccounts.get(accessKey)]);
    if (user) return this.ofUser(user);
    return account ? this.ofServiceAccount(account) : null;
  }

  private ofUser(user: UserRecord): LongTermIdentity {
    let identity = this.userIdentities.get(user);
    if (identity === undefined) {
      identity = Object.freeze({
        accessKey: user.accessKey,
        secretKey: this.sealer.open(user.secretKey, userSecretContext(user.accessKey)),
        provider: 'builtin',
        enabled: user.status === 'enabled',
      });
      this.userIdentities.set(user, identity);
    }
    return identity;
  }

  /**
   * An expired account is unknown; a disabled one, or one whose parent is disabled or gone, cannot
   * act (MinIO: the parent's policies then count as empty, so everything is denied).
   */
  private async ofServiceAccount(account: ServiceAccountRecord): Promise<LongTermIdentity | null> {
    if (account.expiresAt !== undefined && account.expiresAt <= this.clock.now()) return null;
    const root = account.parent === this.root.accessKey;
    const parent = root ? null : await this.users.get(account.parent);
    return {
      accessKey: account.accessKey,
      secretKey: this.sealer.open(account.secretKey, serviceAccountSecretContext(account.accessKey)),
      provider: root ? 'root' : 'builtin',
      enabled: account.status === 'on' && (root || parent?.status === 'enabled'),
      serviceAccount: { parent: account.parent, ...(account.policy ? { policy: account.policy } : {}) },
    };
  }
}
