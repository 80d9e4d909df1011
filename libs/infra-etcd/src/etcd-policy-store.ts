import type { PolicyRecord, PolicyStore } from '#domain';
import type { EtcdConnection } from './etcd-client.js';
import { withStorageErrors } from './etcd-errors.js';
import { IamKeys } from './iam-keys.js';

export class EtcdPolicyStore implements PolicyStore {
  constructor(private readonly etcd: EtcdConnection) {}

  get(name: string): Promise<PolicyRecord | null> {
    return withStorageErrors('policy read', async () => {
      const value = await this.etcd.keys.get(IamKeys.policy(name)).string();
      return value === null ? null : (JSON.parse(value) as PolicyRecord);
    });
  }

  put(record: PolicyRecord): Promise<void> {
    return withStorageErrors('policy write', async () => {
      await this.etcd.keys.put(IamKeys.policy(record.name)).value(JSON.stringify(record));
    });
  }

  remove(name: string): Promise<boolean> {
    return withStorageErrors('policy write', async () => (await this.etcd.keys.delete().key(IamKeys.policy(name)).exec()).deleted !== '0');
  }

  list(): Promise<PolicyRecord[]> {
    return withStorageErrors('policy read', async () => {
      const values = await this.etcd.keys.getAll().prefix(IamKeys.policiesPrefix).strings();
      return Object.values(values).map((v) => JSON.parse(v) as PolicyRecord);
    });
  }
}
