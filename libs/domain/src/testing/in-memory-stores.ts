import type { CredentialRecord, CredentialStore } from '../credentials/credential-record.js';
import type { KeyringStore, StoredSigningKey } from '../credentials/signing-keyring.js';
import type { GroupRecord, GroupStore } from '../iam/groups.js';
import type { PolicyRecord, PolicyStore } from '../iam/policy-catalog.js';
import type { MappingKind, PolicyMappingStore } from '../iam/policy-mappings.js';
import type { ServiceAccountRecord, ServiceAccountStore } from '../identity/service-accounts.js';
import type { UserRecord, UserStore } from '../identity/users.js';
import type { Clock, RandomSource } from '../ports.js';

export class InMemoryCredentialStore implements CredentialStore {
  readonly records = new Map<string, CredentialRecord>();
  failWith?: Error;

  async create(record: CredentialRecord): Promise<boolean> {
    if (this.failWith) throw this.failWith;
    if (this.records.has(record.accessKey)) return false;
    this.records.set(record.accessKey, record);
    return true;
  }

  async get(accessKey: string): Promise<CredentialRecord | null> {
    return this.records.get(accessKey) ?? null;
  }

  async list(parent?: string): Promise<CredentialRecord[]> {
    return [...this.records.values()].filter((r) => parent === undefined || r.parent === parent);
  }

  async remove(records: readonly CredentialRecord[]): Promise<void> {
    for (const r of records) this.records.delete(r.accessKey);
  }
}

export class InMemoryKeyringStore implements KeyringStore {
  keys: StoredSigningKey[] = [];
  async list() { return [...this.keys]; }
  async createFirst(key: StoredSigningKey) {
    if (this.keys.length > 0) return false;
    this.keys.push(key);
    return true;
  }
  async rotate(next: StoredSigningKey, demoted: readonly StoredSigningKey[]) {
    this.keys = [...this.keys.map((k) => demoted.find((d) => d.kid === k.kid) ?? k), next];
  }
  async remove(kids: readonly string[]) {
    this.keys = this.keys.filter((k) => !kids.includes(k.kid));
  }
}

export class InMemoryUserStore implements UserStore {
  readonly users = new Map<string, UserRecord>();
  async get(accessKey: string) { return this.users.get(accessKey) ?? null; }
  async put(record: UserRecord) { this.users.set(record.accessKey, record); }
  async list() { return [...this.users.values()]; }
  async remove(accessKey: string) { return this.users.delete(accessKey); }
}

export class InMemoryServiceAccountStore implements ServiceAccountStore {
  readonly accounts = new Map<string, ServiceAccountRecord>();
  async get(accessKey: string) { return this.accounts.get(accessKey) ?? null; }
  async put(record: ServiceAccountRecord) { this.accounts.set(record.accessKey, record); }
  async list(parent?: string) { return [...this.accounts.values()].filter((a) => parent === undefined || a.parent === parent); }
  async remove(accessKey: string) { return this.accounts.delete(accessKey); }
}

export class InMemoryGroupStore implements GroupStore {
  readonly groups = new Map<string, GroupRecord>();
  async get(name: string) { return this.groups.get(name) ?? null; }
  async put(record: GroupRecord) { this.groups.set(record.name, record); }
  async remove(name: string) { this.groups.delete(name); }
  async list() { return [...this.groups.values()]; }
}

export class InMemoryPolicyStore implements PolicyStore {
  readonly policies = new Map<string, PolicyRecord>();
  async get(name: string) { return this.policies.get(name) ?? null; }
  async put(record: PolicyRecord) { this.policies.set(record.name, record); }
  async remove(name: string) { return this.policies.delete(name); }
  async list() { return [...this.policies.values()]; }
}

export class InMemoryPolicyMappingStore implements PolicyMappingStore {
  readonly mappings = new Map<string, string[]>();
  async get(kind: MappingKind, name: string) { return this.mappings.get(`${kind}/${name}`) ?? []; }
  async list() {
    return [...this.mappings].map(([key, policies]) => {
      const slash = key.indexOf('/');
      return { kind: key.slice(0, slash) as MappingKind, name: key.slice(slash + 1), policies };
    });
  }
  async set(kind: MappingKind, name: string, policies: string[]) {
    if (policies.length === 0) this.mappings.delete(`${kind}/${name}`);
    else this.mappings.set(`${kind}/${name}`, policies);
  }
}

export class FixedClock implements Clock {
  constructor(public time: number) {}
  now() { return this.time; }
}

/** Deterministic bytes: a counter, so every call differs and tests can repeat. */
export class CountingRandom implements RandomSource {
  private next = 0;
  bytes(length: number): Buffer {
    return Buffer.from(Array.from({ length }, () => this.next++ % 256));
  }
}
