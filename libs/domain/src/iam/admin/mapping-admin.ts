import { StsError, type MappingTarget, type PolicyEntities } from '#contracts';
import type { GroupStore } from '../groups.js';
import type { PolicyCatalog } from '../policy-catalog.js';
import { mappingKeyOf, type PolicyMappingStore } from '../policy-mappings.js';
import type { UserStore } from '../../identity/users.js';

/** Attaching and detaching policies; every named policy must exist, and builtin targets too. */
export class MappingAdmin {
  constructor(
    private readonly mappings: PolicyMappingStore,
    private readonly catalog: PolicyCatalog,
    private readonly users: UserStore,
    private readonly groups: GroupStore,
  ) {}

  async attach(policies: string[], target: MappingTarget): Promise<string[]> {
    await this.requirePolicies(policies);
    await this.requireTarget(target);
    const key = mappingKeyOf(target);
    const merged = [...new Set([...(await this.mappings.get(key.kind, key.name)), ...policies])];
    await this.mappings.set(key.kind, key.name, merged);
    return merged;
  }

  async detach(policies: string[], target: MappingTarget): Promise<string[]> {
    const key = mappingKeyOf(target);
    const current = await this.mappings.get(key.kind, key.name);
    const absent = policies.filter((p) => !current.includes(p));
    if (absent.length > 0) throw new StsError('InvalidParameterValue', `Not attached to ${target.kind} ${key.name}: ${absent.join(', ')}`, { admin: 'XMinioPolicyNotAttached' });
    const remaining = current.filter((p) => !policies.includes(p));
    await this.mappings.set(key.kind, key.name, remaining);
    return remaining;
  }

  /** Replaces the whole mapping (MinIO's set-user-or-group-policy); no policies removes it. */
  async set(policies: string[], target: MappingTarget): Promise<string[]> {
    await this.requirePolicies(policies);
    await this.requireTarget(target);
    const key = mappingKeyOf(target);
    const unique = [...new Set(policies)];
    await this.mappings.set(key.kind, key.name, unique);
    return unique;
  }

  /**
   * MinIO's policy entities: mappings of the named users and groups, and users and groups of the
   * named policies (of every mapped policy when nothing is named). Only entities with a mapping appear.
   */
  async entities(query: { users: string[]; groups: string[]; policies: string[] }): Promise<PolicyEntities> {
    const all = (await this.mappings.list()).sort((a, b) => a.name.localeCompare(b.name));
    const of = (kind: 'users' | 'groups', names: string[]) => all.filter((m) => m.kind === kind && names.includes(m.name));
    const empty = query.users.length + query.groups.length + query.policies.length === 0;
    const policies = empty ? [...new Set(all.flatMap((m) => m.policies))] : query.policies;
    return {
      ...(query.users.length > 0 ? { userMappings: of('users', query.users).map((m) => ({ user: m.name, policies: m.policies })) } : {}),
      ...(query.groups.length > 0 ? { groupMappings: of('groups', query.groups).map((m) => ({ group: m.name, policies: m.policies })) } : {}),
      ...(policies.length > 0 ? {
        policyMappings: [...policies].sort().map((policy) => ({
          policy,
          users: all.filter((m) => m.kind === 'users' && m.policies.includes(policy)).map((m) => m.name),
          groups: all.filter((m) => m.kind === 'groups' && m.policies.includes(policy)).map((m) => m.name),
        })),
      } : {}),
    };
  }

  private async requirePolicies(policies: string[]): Promise<void> {
    const missing = (await Promise.all(policies.map(async (p) => ((await this.catalog.find(p)) ? null : p)))).filter(Boolean);
    if (missing.length > 0) throw new StsError('NotFound', `The specified policy does not exist: ${missing.join(', ')}`, { admin: 'XMinioAdminNoSuchPolicy' });
  }

  /** LDAP DNs are checked against the directory by the LDAP verifier, not here. */
  private async requireTarget(target: MappingTarget): Promise<void> {
    if (target.kind === 'user' && !(await this.users.get(target.name))) {
      throw new StsError('NotFound', `The specified user does not exist: ${target.name}`, { admin: 'XMinioAdminNoSuchUser' });
    }
    if (target.kind === 'group' && !(await this.groups.get(target.name))) {
      throw new StsError('NotFound', `The specified group does not exist: ${target.name}`, { admin: 'XMinioAdminNoSuchGroup' });
    }
  }
}
