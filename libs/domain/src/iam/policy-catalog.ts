import { StsError } from '#contracts';
import { CANNED_POLICIES, isCannedPolicy, parsePolicy, type PolicyDocument } from '../policy/index.js';

/** A custom policy as stored: its normalized JSON. */
export interface PolicyRecord {
  version: 1;
  name: string;
  policy: string;
  updatedAt: number;
  /** Kept when the policy is replaced; records written before it existed have only updatedAt. */
  createdAt?: number;
}

export interface PolicyStore {
  get(name: string): Promise<PolicyRecord | null>;
  put(record: PolicyRecord): Promise<void>;
  remove(name: string): Promise<boolean>;
  list(): Promise<PolicyRecord[]>;
}

/** MinIO's policy names: no separators that would clash with comma-joined lists or key paths. */
const POLICY_NAME = /^[A-Za-z0-9_.+=@-]{1,128}$/;

export function checkPolicyName(name: string): void {
  if (!POLICY_NAME.test(name)) throw new StsError('InvalidParameterValue', 'Policy names are 1 to 128 characters of letters, digits and _.+=@-');
}

/** Canned policies first, then custom ones from the store. */
export class PolicyCatalog {
  constructor(private readonly store: PolicyStore) {}

  async find(name: string): Promise<PolicyDocument | null> {
    if (isCannedPolicy(name)) return CANNED_POLICIES[name];
    const record = await this.store.get(name);
    return record ? parsePolicy(record.policy) : null;
  }

  async names(): Promise<string[]> {
    const custom = (await this.store.list()).map((r) => r.name);
    return [...Object.keys(CANNED_POLICIES), ...custom].sort();
  }

  /** Every policy by name, canned ones included, from one read of the store. */
  async all(): Promise<Record<string, PolicyDocument>> {
    const custom = (await this.store.list()).map((r) => [r.name, parsePolicy(r.policy)] as const);
    return Object.fromEntries([...Object.entries(CANNED_POLICIES), ...custom].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Documents of the names that exist; unknown names grant nothing (MinIO: unknown policy → deny). */
  async documents(names: readonly string[]): Promise<PolicyDocument[]> {
    const found = await Promise.all(names.map((name) => this.find(name)));
    return found.filter((doc): doc is PolicyDocument => doc !== null);
  }
}
