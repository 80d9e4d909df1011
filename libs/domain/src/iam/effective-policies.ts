import type { Provider } from '#contracts';
import type { PolicyDocument } from '../policy/index.js';
import type { GroupStore } from './groups.js';
import type { PolicyCatalog } from './policy-catalog.js';
import type { PolicyMappingStore } from './policy-mappings.js';
import type { UserStore } from '../identity/users.js';

export interface ParentPolicies {
  /** The root user and what derives from it: allowed everything, unless narrowed by a session policy. */
  owner: boolean;
  /** Whether the parent may act at all: an unknown or disabled parent may not. */
  status: 'enabled' | 'disabled' | 'unknown';
  names: string[];
  documents: PolicyDocument[];
  /** The groups the answer hangs on: a builtin user's groups (disabled ones too), an LDAP user's group DNs. */
  groups: string[];
}

/** What the policies of a credential hang on: its parent, and what the verifier recorded at issue. */
export interface PolicySubject {
  parent: string;
  provider: Provider;
  policies?: readonly string[];
  groups?: readonly string[];
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

  async of(subject: PolicySubject): Promise<ParentPolicies> {
    switch (subject.provider) {
      case 'root':
        return { owner: true, status: 'enabled', names: [], documents: [], groups: [] };
      case 'builtin':
        return this.ofBuiltinUser(subject.parent);
      case 'openid':
        return this.named([...(subject.policies ?? [])], []);
      case 'ldap': {
        const groups = [...(subject.groups ?? [])];
        return this.named(await this.namesOfDirectoryUser(subject.parent, groups), groups);
      }
    }
  }

  async groupsOf(accessKey: string): Promise<string[]> {
    return (await this.groups.list()).filter((g) => g.members.includes(accessKey)).map((g) => g.name).sort();
  }

  /** The user's own policies, then those of each enabled group it belongs to, without repeats. */
  async namesOfUser(accessKey: string): Promise<string[]> {
    return (await this.ofMember(accessKey)).names;
  }

  /** The policies mapped to the user itself (MinIO's `policyName` in user-info). */
  ownNamesOfUser(accessKey: string): Promise<string[]> {
    return this.mappings.get('users', accessKey);
  }

  private async ofBuiltinUser(accessKey: string): Promise<ParentPolicies> {
    const user = await this.users.get(accessKey);
    if (!user) return { owner: false, status: 'unknown', names: [], documents: [], groups: [] };
    const { names, groups } = await this.ofMember(accessKey);
    return { ...(await this.named(names, groups)), status: user.status };
  }

  private async ofMember(accessKey: string): Promise<{ names: string[]; groups: string[] }> {
    const memberOf = (await this.groups.list()).filter((g) => g.members.includes(accessKey));
    const enabled = memberOf.filter((g) => g.status !== 'disabled').map((g) => g.name);
    return { names: await this.namesOfDirectoryUser(accessKey, enabled), groups: memberOf.map((g) => g.name) };
  }

  /** An LDAP user DN's mappings and its groups' (MinIO: user DN ∪ group DNs, looked up live). */
  private async namesOfDirectoryUser(user: string, groups: readonly string[]): Promise<string[]> {
    const own = await this.mappings.get('users', user);
    const inherited = await Promise.all(groups.map((g) => this.mappings.get('groups', g)));
    return [...new Set([...own, ...inherited.flat()])];
  }

  private async named(names: string[], groups: string[]): Promise<ParentPolicies> {
    return { owner: false, status: 'enabled', names, documents: await this.catalog.documents(names), groups };
  }
}
