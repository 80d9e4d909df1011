import type { GroupRecord, GroupStore } from '#domain';
import type { EtcdConnection } from './etcd-client.js';
import { withStorageErrors } from './etcd-errors.js';
import { IamKeys } from './iam-keys.js';

export class EtcdGroupStore implements GroupStore {
  constructor(private readonly etcd: EtcdConnection) {}

  get(name: string): Promise<GroupRecord | null> {
    return withStorageErrors('group read', async () => {
      const value = await this.etcd.keys.get(IamKeys.group(name)).string();
      return value === null ? null : (JSON.parse(value) as GroupRecord);
    });
  }

  put(record: GroupRecord): Promise<void> {
    return withStorageErrors('group write', async () => {
      await this.etcd.keys.put(IamKeys.group(record.name)).value(JSON.stringify(record));
    });
  }

  /** The group and its policy mapping go in one transaction. */
  remove(name: string): Promise<void> {
    return withStorageErrors('group write', async () => {
      const keys = this.etcd.keys;
      await keys.if(IamKeys.group(name), 'Create', '>', 0)
        .then(keys.delete().key(IamKeys.group(name)), keys.delete().key(IamKeys.mapping('groups', name)))
        .commit();
    });
  }

  list(): Promise<GroupRecord[]> {
    return withStorageErrors('group read', async () => {
      const values = await this.etcd.keys.getAll().prefix(IamKeys.groupsPrefix).strings();
      return Object.values(values).map((v) => JSON.parse(v) as GroupRecord);
    });
  }
}
