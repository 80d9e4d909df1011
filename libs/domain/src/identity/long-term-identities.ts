import type { SecretSealer } from '../sealing/secret-sealer.js';
import { userSecretContext, type LongTermIdentity, type LongTermIdentityDirectory, type RootCredentials, type UserStore } from './users.js';

/** The root user from configuration, then builtin users from the store. */
export class LongTermIdentities implements LongTermIdentityDirectory {
  constructor(private readonly root: RootCredentials, private readonly users: UserStore, private readonly sealer: SecretSealer) {}

  async find(accessKey: string): Promise<LongTermIdentity | null> {
    if (accessKey === this.root.accessKey) {
      return { accessKey, secretKey: this.root.secretKey, provider: 'root', enabled: true };
    }
    const user = await this.users.get(accessKey);
    if (!user) return null;
    return {
      accessKey,
      secretKey: this.sealer.open(user.secretKey, userSecretContext(accessKey)),
      provider: 'builtin',
      enabled: user.status === 'enabled',
    };
  }
}
