import type { ServiceAccountRecord, ServiceAccountStore } from '#domain';
import type { EtcdConnection } from './etcd-client.js';
import { EtcdJsonRecords } from './etcd-json-records.js';
import { IamKeys } from './iam-keys.js';

/** Service accounts under `iam/service-accounts/<accessKey>`, their secrets sealed as users' are. */
export class EtcdServiceAccountStore implements ServiceAccountStore {
  private readonly records: EtcdJsonRecords<ServiceAccountRecord>;

  constructor(etcd: EtcdConnection) {
    this.records = new EtcdJsonRecords(etcd, 'service account');
  }

  get(accessKey: string): Promise<ServiceAccountRecord | null> {
    return this.records.get(IamKeys.serviceAccount(accessKey));
  }

  put(record: ServiceAccountRecord): Promise<void> {
    return this.records.put(IamKeys.serviceAccount(record.accessKey), record);
  }

  async list(parent?: string): Promise<ServiceAccountRecord[]> {
    const all = await this.records.list(IamKeys.serviceAccountsPrefix);
    return parent === undefined ? all : all.filter((a) => a.parent === parent);
  }

  remove(accessKey: string): Promise<boolean> {
    return this.records.delete(IamKeys.serviceAccount(accessKey));
  }
}
