import { StsError, type PolicyInfo } from '#contracts';
import { isCannedPolicy, normalizePolicy, parsePolicy } from '../../policy/index.js';
import type { Clock } from '../../ports.js';
import { checkPolicyName, type PolicyCatalog, type PolicyStore } from '../policy-catalog.js';

/** Custom policies; the canned ones can be read but neither replaced nor deleted (MinIO). */
export class PolicyAdmin {
  constructor(private readonly store: PolicyStore, private readonly catalog: PolicyCatalog, private readonly clock: Clock) {}

  async create(name: string, json: string): Promise<void> {
    checkPolicyName(name);
    if (isCannedPolicy(name)) throw new StsError('InvalidParameterValue', `${name} is a canned policy and cannot be replaced`);
    const policy = normalizePolicy(parsePolicy(json));
    await this.store.put({ version: 1, name, policy, updatedAt: this.clock.now() });
  }

  async delete(name: string): Promise<void> {
    if (isCannedPolicy(name)) throw new StsError('InvalidParameterValue', `${name} is a canned policy and cannot be deleted`);
    if (!(await this.store.remove(name))) throw new StsError('NotFound', `The specified policy does not exist: ${name}`);
  }

  async info(name: string): Promise<PolicyInfo> {
    const policy = await this.catalog.find(name);
    if (!policy) throw new StsError('NotFound', `The specified policy does not exist: ${name}`);
    return { name, canned: isCannedPolicy(name), policy: JSON.parse(normalizePolicy(policy)) };
  }

  list(): Promise<string[]> {
    return this.catalog.names();
  }
}
