import { StsError, type GroupInfo } from '#contracts';
import type { Clock } from '../../ports.js';
import type { GroupRecord, GroupStore } from '../groups.js';
import type { PolicyMappingStore } from '../policy-mappings.js';
import type { UserStore } from '../../identity/users.js';

const noSuchGroup = (name: string) => new StsError('NotFound', `The specified group does not exist: ${name}`, { admin: 'XMinioAdminNoSuchGroup' });
const GROUP_NAME = /^[A-Za-z0-9_.@=+ -]{1,128}$/;

/** Builtin groups, as `mc admin group`: members must be existing users; only an empty group can be removed. */
export class GroupAdmin {
  constructor(private readonly groups: GroupStore, private readonly users: UserStore, private readonly mappings: PolicyMappingStore, private readonly clock: Clock) {}

  async updateMembers(name: string, members: string[], isRemove: boolean): Promise<void> {
    if (!GROUP_NAME.test(name)) throw new StsError('InvalidParameterValue', 'Group names are 1 to 128 characters of letters, digits, spaces and _.@=+-');
    const group = await this.groups.get(name);
    if (isRemove) return this.removeMembers(name, group, members);
    const missing = (await Promise.all(members.map(async (m) => ((await this.users.get(m)) ? null : m)))).filter(Boolean);
    if (missing.length > 0) throw new StsError('NotFound', `The specified user does not exist: ${missing.join(', ')}`, { admin: 'XMinioAdminNoSuchUser' });
    const merged = [...new Set([...(group?.members ?? []), ...members])].sort();
    await this.groups.put({ ...group, version: 1, name, members: merged, updatedAt: this.clock.now() });
  }

  async info(name: string): Promise<GroupInfo> {
    const group = await this.groups.get(name);
    if (!group) throw noSuchGroup(name);
    const status = group.status ?? 'enabled';
    return { name, status, members: group.members, policies: await this.mappings.get('groups', name), updatedAt: new Date(group.updatedAt).toISOString() };
  }

  async setStatus(name: string, status: 'enabled' | 'disabled'): Promise<void> {
    const group = await this.groups.get(name);
    if (!group) throw noSuchGroup(name);
    if ((group.status ?? 'enabled') !== status) await this.groups.put({ ...group, status, updatedAt: this.clock.now() });
  }

  async list(): Promise<string[]> {
    return (await this.groups.list()).map((g) => g.name).sort();
  }

  private async removeMembers(name: string, group: GroupRecord | null, members: string[]): Promise<void> {
    const current = group?.members;
    if (!current) throw noSuchGroup(name);
    if (members.length === 0) {
      if (current.length > 0) throw new StsError('InvalidParameterValue', `The group ${name} is not empty; remove its members first`, { admin: 'XMinioAdminGroupNotEmpty' });
      return this.groups.remove(name);
    }
    const absent = members.filter((m) => !current.includes(m));
    if (absent.length > 0) throw new StsError('InvalidParameterValue', `Not members of ${name}: ${absent.join(', ')}`);
    await this.groups.put({ ...group!, members: current.filter((m) => !members.includes(m)), updatedAt: this.clock.now() });
  }
}
