import { StsError, type UserInfo } from '#contracts';
import type { SecretSealer } from '../../sealing/secret-sealer.js';
import type { Clock } from '../../ports.js';
import type { RevokeCredentials } from '../../credentials/revoke-credentials.js';
import type { EffectivePolicies } from '../effective-policies.js';
import type { GroupStore } from '../groups.js';
import { userSecretContext, type RootCredentials, type UserRecord, type UserStore } from '../../identity/users.js';

const noSuchUser = (accessKey: string) => new StsError('NotFound', `The specified user does not exist: ${accessKey}`, { admin: 'XMinioAdminNoSuchUser' });

/** Builtin users, with MinIO's limits: access key 3…20 characters, secret key 8…40. */
export class UserAdmin {
  constructor(
    private readonly users: UserStore,
    private readonly groups: GroupStore,
    private readonly revoke: RevokeCredentials,
    private readonly effective: EffectivePolicies,
    private readonly sealer: SecretSealer,
    private readonly clock: Clock,
    private readonly root: RootCredentials,
  ) {}

  /**
   * Creates a user, or replaces an existing user's secret: then every temporary credential the user
   * derived is revoked (issue 11 case 4; MinIO keeps them — a deliberate difference). Returns what
   * changed, for the caller to announce and audit. `status` as madmin sends it: `enabled` (or `on`)
   * enables, any other value disables (MinIO); absent, a new user is enabled and an existing one
   * keeps its status.
   */
  async add(accessKey: string, secretKey: string, status?: string): Promise<{ replaced: boolean; revoked: string[] }> {
    if (!/^[A-Za-z0-9_.@=+-]{3,20}$/.test(accessKey)) {
      throw new StsError('InvalidParameterValue', 'Access key must be 3 to 20 characters of letters, digits and _.@=+-', { admin: 'XMinioAdminInvalidAccessKey' });
    }
    if (secretKey.length < 8 || secretKey.length > 40) throw new StsError('InvalidParameterValue', 'Secret key must be 8 to 40 characters', { admin: 'XMinioAdminInvalidSecretKey' });
    if (accessKey === this.root.accessKey) throw new StsError('InvalidParameterValue', 'The root user cannot be added as a user', { admin: 'XMinioInvalidIAMCredentials' });
    const existing = await this.users.get(accessKey);
    const now = this.clock.now();
    await this.users.put({
      version: 1,
      accessKey,
      secretKey: this.sealer.seal(secretKey, userSecretContext(accessKey)),
      status: status === undefined ? existing?.status ?? 'enabled' : status === 'enabled' || status === 'on' ? 'enabled' : 'disabled',
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      ...(existing ? { secretChangedAt: now } : {}),
    });
    return { replaced: existing !== null, revoked: existing ? await this.revoke.execute({ user: accessKey }) : [] };
  }

  /**
   * As MinIO's DeleteUser: the user, its mapping, its group memberships and every temporary
   * credential it derived go; returns the revoked access keys for the gateways to drop. A user added
   * again later under the same name starts with nothing of the old one.
   */
  async remove(accessKey: string): Promise<string[]> {
    if (!(await this.users.remove(accessKey))) throw noSuchUser(accessKey);
    for (const group of await this.groups.list()) {
      if (group.members.includes(accessKey)) await this.groups.put({ ...group, members: group.members.filter((m) => m !== accessKey), updatedAt: this.clock.now() });
    }
    return this.revoke.execute({ user: accessKey });
  }

  async setStatus(accessKey: string, status: 'enabled' | 'disabled'): Promise<void> {
    const user = await this.users.get(accessKey);
    if (!user) throw noSuchUser(accessKey);
    if (user.status !== status) await this.users.put({ ...user, status, updatedAt: this.clock.now() });
  }

  async info(accessKey: string): Promise<UserInfo> {
    const user = await this.users.get(accessKey);
    if (!user) throw noSuchUser(accessKey);
    return this.describe(user);
  }

  async list(): Promise<UserInfo[]> {
    const users = (await this.users.list()).sort((a, b) => a.accessKey.localeCompare(b.accessKey));
    return Promise.all(users.map((u) => this.describe(u)));
  }

  /** `policies` are the user's own mapping, as MinIO's `policyName`; groups' policies show on the groups. */
  private async describe(user: UserRecord): Promise<UserInfo> {
    const { accessKey, status } = user;
    const [policies, memberOf] = await Promise.all([this.effective.ownNamesOfUser(accessKey), this.effective.groupsOf(accessKey)]);
    return { accessKey, status, policies, memberOf, updatedAt: new Date(user.updatedAt ?? user.createdAt).toISOString() };
  }
}
