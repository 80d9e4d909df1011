import type { PolicyRecord, PolicyStore } from '#domain';
import type { EtcdConnection } from './etcd-client.js';
import { EtcdJsonRecords } from './etcd-json-records.js';
import { IamKeys } from './iam-keys.js';

export class EtcdPolicyStore implements PolicyStore {
  private readonly records: EtcdJsonRecords<PolicyRecord>;

  constructor(etcd: EtcdConnection) {
    this.records = new EtcdJsonRecords(etcd, 'policy');
  }

  get(name: string): Promise<PolicyRecord | null> {
    return this.records.get(IamKeys.policy(name));
  }

  put(record: PolicyRecord): Promise<void> {
    return this.records.put(IamKeys.policy(record.name), record);
  }

  remove(name: string): Promise<boolean> {
    return this.records.delete(IamKeys.policy(name));
  }

  list(): Promise<PolicyRecord[]> {
    return this.records.list(IamKeys.policiesPrefix);
  }
}
