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

/** A fresh answer each time: callers own what they are given, and may change its arrays. */
const unknown = (): ParentPolicies => ({ owner: false, status: 'unknown', names: [], documents: [], groups: [] });
const unique = (names: readonly string[]): string[] => [...new Set(names)];

/**
 * What a principal may do is computed from the current mappings every time it is asked, never
 * frozen into a credential (MinIO `IsAllowedSTS`): detaching a policy narrows live credentials.
 * Every read starts after the question arrived, so a change acknowledged before it is seen; reads
 * that do not depend on each other go out together (a gateway's refill after a change waits for
 * the slowest round, not for the sum of every read).
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
        // An LDAP user DN's mappings and its group DNs' (MinIO: user DN ∪ group DNs, looked up live).
        const groups = [...(subject.groups ?? [])];
        const [own, inherited] = await Promise.all([this.mappings.get('users', subject.parent), this.inheritedNames(groups)]);
        return this.named(unique([...own, ...inherited]), groups);
      }
    }
  }

  async groupsOf(accessKey: string): Promise<string[]> {
    return (await this.groups.list()).filter((g) => g.members.includes(accessKey)).map((g) => g.name).sort();
  }

  /** The policies mapped to the user itself (MinIO's `policyName` in user-info). */
  ownNamesOfUser(accessKey: string): Promise<string[]> {
    return this.mappings.get('users', accessKey);
  }

  /**
   * The user's own policies, then those of each enabled group it belongs to, without repeats. Three
   * rounds: the user, the groups and its own mapping; its groups' mappings and its own documents;
   * the documents only its groups bring.
   */
  private async ofBuiltinUser(accessKey: string): Promise<ParentPolicies> {
    const [user, all, mapped] = await Promise.all([this.users.get(accessKey), this.groups.list(), this.mappings.get('users', accessKey)]);
    if (!user) return unknown();
    const memberOf = all.filter((g) => g.members.includes(accessKey));
    const enabled = memberOf.filter((g) => g.status !== 'disabled').map((g) => g.name);
    const own = unique(mapped);
    const [ownDocuments, inherited] = await Promise.all([this.catalog.documents(own), this.inheritedNames(enabled)]);
    const more = inherited.filter((name) => !own.includes(name));
    const moreDocuments = await this.catalog.documents(more);
    return { owner: false, status: user.status, names: [...own, ...more], documents: [...ownDocuments, ...moreDocuments], groups: memberOf.map((g) => g.name) };
  }

  /** The policies mapped to these groups (builtin names or LDAP group DNs), without repeats. */
  private async inheritedNames(groups: readonly string[]): Promise<string[]> {
    return unique((await Promise.all(groups.map((g) => this.mappings.get('groups', g)))).flat());
  }

  private async named(names: string[], groups: string[]): Promise<ParentPolicies> {
    return { owner: false, status: 'enabled', names, documents: await this.catalog.documents(names), groups };
  }
}
