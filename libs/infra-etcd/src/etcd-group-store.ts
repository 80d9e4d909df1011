import type { GroupRecord, GroupStore } from '#domain';
import type { EtcdConnection } from './etcd-client.js';
import { withStorageErrors } from './etcd-errors.js';
import { EtcdJsonRecords } from './etcd-json-records.js';
import { IamKeys } from './iam-keys.js';

export class EtcdGroupStore implements GroupStore {
  private readonly records: EtcdJsonRecords<GroupRecord>;

  constructor(private readonly etcd: EtcdConnection) {
    this.records = new EtcdJsonRecords(etcd, 'group');
  }

  get(name: string): Promise<GroupRecord | null> {
    return this.records.get(IamKeys.group(name));
  }

  put(record: GroupRecord): Promise<void> {
    return this.records.put(IamKeys.group(record.name), record);
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
    return this.records.list(IamKeys.groupsPrefix);
  }
}
