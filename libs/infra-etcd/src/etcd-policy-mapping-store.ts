import type { MappingKind, PolicyMappingStore } from '#domain';
import type { EtcdConnection } from './etcd-client.js';
import { withStorageErrors } from './etcd-errors.js';
import { IamKeys } from './iam-keys.js';

interface MappingRecord {
  version: 1;
  policies: string[];
}

export class EtcdPolicyMappingStore implements PolicyMappingStore {
  constructor(private readonly etcd: EtcdConnection) {}

  get(kind: MappingKind, name: string): Promise<string[]> {
    return withStorageErrors('mapping read', async () => {
      const value = await this.etcd.keys.get(IamKeys.mapping(kind, name)).string();
      return value === null ? [] : (JSON.parse(value) as MappingRecord).policies;
    });
  }

  set(kind: MappingKind, name: string, policies: string[]): Promise<void> {
    return withStorageErrors('mapping write', async () => {
      const key = IamKeys.mapping(kind, name);
      if (policies.length === 0) await this.etcd.keys.delete().key(key).exec();
      else await this.etcd.keys.put(key).value(JSON.stringify({ version: 1, policies } satisfies MappingRecord));
    });
  }
}
