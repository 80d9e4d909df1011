import type { Provider } from '#contracts';
import type { PolicyDocument } from '../policy/index.js';
import type { GroupStore } from './groups.js';
import type { PolicyCatalog } from './policy-catalog.js';
import type { PolicyMappingStore } from './policy-mappings.js';
import type { UserStore } from './users.js';

export interface ParentPolicies {
  /** The root user and what derives from it: allowed everything, unless narrowed by a session policy. */
  owner: boolean;
  /** Whether the parent may act at all: an unknown or disabled parent may not. */
  status: 'enabled' | 'disabled' | 'unknown';
  names: string[];
  documents: PolicyDocument[];
}

/**
 * What a principal may do is computed from the current mappings every time it is asked, never
 * frozen into a credential (MinIO `IsAllowedSTS`): detaching a policy narrows live credentials.
 */
export class EffectivePolicies {
  constructor(
    private readonly users: UserStore,
    private readonly groups: GroupStore,
    private readonly mappings: PolicyMappingStore,
    private readonly catalog: PolicyCatalog,
  ) {}

  async ofParent(parent: string, provider: Provider): Promise<ParentPolicies> {
    if (provider === 'root') return { owner: true, status: 'enabled', names: [], documents: [] };
    const user = await this.users.get(parent);
    if (!user) return { owner: false, status: 'unknown', names: [], documents: [] };
    const names = await this.namesOfUser(parent);
    return { owner: false, status: user.status, names, documents: await this.catalog.documents(names) };
  }

  async groupsOf(accessKey: string): Promise<string[]> {
    return (await this.groups.list()).filter((g) => g.members.includes(accessKey)).map((g) => g.name).sort();
  }

  /** The user's own policies, then those of each group it belongs to, without repeats. */
  async namesOfUser(accessKey: string): Promise<string[]> {
    const own = await this.mappings.get('users', accessKey);
    const groups = await this.groupsOf(accessKey);
    const inherited = await Promise.all(groups.map((g) => this.mappings.get('groups', g)));
    return [...new Set([...own, ...inherited.flat()])];
  }
}
