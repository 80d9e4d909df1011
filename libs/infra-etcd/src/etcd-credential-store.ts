import type { CredentialRecord, CredentialStore } from '#domain';
import type { EtcdConnection } from './etcd-client.js';
import { withStorageErrors } from './etcd-errors.js';

export const credentialKey = (accessKey: string) => `sts/credentials/${accessKey}`;
export const byParentKey = (parent: string, accessKey: string) => `sts/by-parent/${encodeURIComponent(parent)}/${accessKey}`;

/**
 * One lease per credential (etcd #15993 makes shared leases slow as keys accumulate), the record
 * and its by-parent index written in one transaction that refuses an existing access key.
 */
export class EtcdCredentialStore implements CredentialStore {
  constructor(private readonly etcd: EtcdConnection) {}

  create(record: CredentialRecord, ttlSeconds: number): Promise<boolean> {
    return withStorageErrors('write', async () => {
      const { ID } = await this.etcd.client.leaseClient.leaseGrant({ TTL: ttlSeconds, ID: 0 });
      const keys = this.etcd.keys;
      const key = credentialKey(record.accessKey);
      try {
        const result = await keys
          .if(key, 'Create', '==', 0)
          .then(keys.put(key).value(JSON.stringify(record)).lease(ID), keys.put(byParentKey(record.parent, record.accessKey)).value('').lease(ID))
          .commit();
        if (!result.succeeded) await this.revokeQuietly(ID);
        return result.succeeded;
      } catch (error) {
        await this.revokeQuietly(ID);
        throw error;
      }
    });
  }

  get(accessKey: string): Promise<CredentialRecord | null> {
    return withStorageErrors('read', async () => {
      const value = await this.etcd.keys.get(credentialKey(accessKey)).string();
      return value === null ? null : (JSON.parse(value) as CredentialRecord);
    });
  }

  /** A lease without keys is harmless and expires by itself; revoking just tidies up. */
  private async revokeQuietly(id: string | number): Promise<void> {
    await this.etcd.client.leaseClient.leaseRevoke({ ID: id }).catch(() => undefined);
  }
}
