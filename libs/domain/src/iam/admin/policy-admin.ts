import { StsError, type PolicyInfo } from '#contracts';
import { isCannedPolicy, normalizePolicy, parsePolicy } from '../../policy/index.js';
import type { Clock } from '../../ports.js';
import { checkPolicyName, type PolicyCatalog, type PolicyStore } from '../policy-catalog.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** Custom policies; the canned ones can be read but neither replaced nor deleted (MinIO). */
export class PolicyAdmin {
  constructor(private readonly store: PolicyStore, private readonly catalog: PolicyCatalog, private readonly clock: Clock) {}

  async create(name: string, json: string): Promise<void> {
    checkPolicyName(name);
    if (isCannedPolicy(name)) throw new StsError('InvalidParameterValue', `${name} is a canned policy and cannot be replaced`);
    const policy = normalizePolicy(parsePolicy(json));
    const now = this.clock.now();
    const existing = await this.store.get(name);
    await this.store.put({ version: 1, name, policy, createdAt: existing ? existing.createdAt ?? existing.updatedAt : now, updatedAt: now });
  }

  async delete(name: string): Promise<void> {
    if (isCannedPolicy(name)) throw new StsError('InvalidParameterValue', `${name} is a canned policy and cannot be deleted`);
    if (!(await this.store.remove(name))) throw new StsError('NotFound', `The specified policy does not exist: ${name}`);
  }

  async info(name: string): Promise<PolicyInfo> {
    const policy = await this.catalog.find(name);
    if (!policy) throw new StsError('NotFound', `The specified policy does not exist: ${name}`);
    const document = JSON.parse(normalizePolicy(policy));
    if (isCannedPolicy(name)) return { name, canned: true, policy: document };
    const record = await this.store.get(name);
    const dates = record ? { createdAt: iso(record.createdAt ?? record.updatedAt), updatedAt: iso(record.updatedAt) } : {};
    return { name, canned: false, policy: document, ...dates };
  }

  /** Name → document, canned policies included (MinIO's list-canned-policies). */
  async list(): Promise<Record<string, unknown>> {
    const names = await this.catalog.names();
    const documents = await Promise.all(names.map(async (n) => [n, await this.catalog.find(n)] as const));
    return Object.fromEntries(documents.flatMap(([n, doc]) => (doc ? [[n, JSON.parse(normalizePolicy(doc))]] : [])));
  }
}
