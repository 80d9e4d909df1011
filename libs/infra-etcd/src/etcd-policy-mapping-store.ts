import type { MappingKind, PolicyMapping, PolicyMappingStore } from '#domain';
import type { EtcdConnection } from './etcd-client.js';
import { EtcdJsonRecords } from './etcd-json-records.js';
import { IamKeys, nameAfter } from './iam-keys.js';

interface MappingRecord {
  version: 1;
  policies: string[];
}

export class EtcdPolicyMappingStore implements PolicyMappingStore {
  private readonly records: EtcdJsonRecords<MappingRecord>;

  constructor(etcd: EtcdConnection) {
    this.records = new EtcdJsonRecords(etcd, 'mapping');
  }

  async get(kind: MappingKind, name: string): Promise<string[]> {
    return (await this.records.get(IamKeys.mapping(kind, name)))?.policies ?? [];
  }

  async list(): Promise<PolicyMapping[]> {
    const kinds: MappingKind[] = ['users', 'groups'];
    const lists = await Promise.all(kinds.map(async (kind) => {
      const prefix = IamKeys.mapping(kind, '');
      return (await this.records.entries(prefix)).map(([key, r]) => ({ kind, name: nameAfter(key, prefix), policies: r.policies }));
    }));
    return lists.flat();
  }

  async set(kind: MappingKind, name: string, policies: string[]): Promise<void> {
    const key = IamKeys.mapping(kind, name);
    if (policies.length === 0) await this.records.delete(key);
    else await this.records.put(key, { version: 1, policies });
  }
}
