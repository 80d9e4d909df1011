import { StsError, type PolicyInfo } from '#contracts';
import { isCannedPolicy, normalizePolicy, parsePolicy } from '../../policy/index.js';
import type { Clock } from '../../ports.js';
import { checkPolicyName, type PolicyCatalog, type PolicyStore } from '../policy-catalog.js';
import type { PolicyMapping, PolicyMappingStore } from '../policy-mappings.js';

/** Where a policy is attached, as a sentence part: `user alice, group devs`. */
const describeAttachments = (where: PolicyMapping[]) => where.map((m) => `${m.kind === 'users' ? 'user' : 'group'} ${m.name}`).join(', ');

const iso = (ms: number) => new Date(ms).toISOString();

/** Custom policies; the canned ones can be read but neither replaced nor deleted (MinIO). */
export class PolicyAdmin {
  constructor(
    private readonly store: PolicyStore,
    private readonly catalog: PolicyCatalog,
    private readonly mappings: PolicyMappingStore,
    private readonly clock: Clock,
  ) {}

  async create(name: string, json: string): Promise<void> {
    checkPolicyName(name);
    if (isCannedPolicy(name)) throw new StsError('InvalidParameterValue', `${name} is a canned policy and cannot be replaced`);
    const policy = normalizePolicy(parsePolicy(json));
    const now = this.clock.now();
    const existing = await this.store.get(name);
    await this.store.put({ version: 1, name, policy, createdAt: existing ? existing.createdAt ?? existing.updatedAt : now, updatedAt: now });
  }

  /**
   * A policy still attached somewhere is not deleted (as MinIO: "policy in use"), since a later
   * policy of the same name would silently re-grant whoever had it; `force` detaches it everywhere
   * first. Returns where it was detached from.
   */
  async delete(name: string, force = false): Promise<PolicyMapping[]> {
    if (isCannedPolicy(name)) throw new StsError('InvalidParameterValue', `${name} is a canned policy and cannot be deleted`);
    if (!(await this.store.get(name))) throw new StsError('NotFound', `The specified policy does not exist: ${name}`, { admin: 'XMinioAdminNoSuchPolicy' });
    const attached = (await this.mappings.list()).filter((m) => m.policies.includes(name));
    if (attached.length > 0 && !force) {
      throw new StsError('InvalidParameterValue', `The policy ${name} is in use: attached to ${describeAttachments(attached)}; detach it first or delete with --force`, { admin: 'XMinioAdminPolicyInUse' });
    }
    for (const m of attached) await this.mappings.set(m.kind, m.name, m.policies.filter((p) => p !== name));
    await this.store.remove(name);
    return attached;
  }

  async info(name: string): Promise<PolicyInfo> {
    const policy = await this.catalog.find(name);
    if (!policy) throw new StsError('NotFound', `The specified policy does not exist: ${name}`, { admin: 'XMinioAdminNoSuchPolicy' });
    const document = JSON.parse(normalizePolicy(policy));
    if (isCannedPolicy(name)) return { name, canned: true, policy: document };
    const record = await this.store.get(name);
    const dates = record ? { createdAt: iso(record.createdAt ?? record.updatedAt), updatedAt: iso(record.updatedAt) } : {};
    return { name, canned: false, policy: document, ...dates };
  }

  /** Name → document, canned policies included (MinIO's list-canned-policies). */
  async list(): Promise<Record<string, unknown>> {
    const all = await this.catalog.all();
    return Object.fromEntries(Object.entries(all).map(([name, doc]) => [name, JSON.parse(normalizePolicy(doc))]));
  }
}
