import type { MappingKind, PolicyMappingStore } from '#domain';
import type { EtcdConnection } from './etcd-client.js';
import { EtcdJsonRecords } from './etcd-json-records.js';
import { IamKeys } from './iam-keys.js';

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

  async set(kind: MappingKind, name: string, policies: string[]): Promise<void> {
    const key = IamKeys.mapping(kind, name);
    if (policies.length === 0) await this.records.delete(key);
    else await this.records.put(key, { version: 1, policies });
  }
}
