import type { KeyringStore, StoredSigningKey } from '#domain';
import type { EtcdConnection } from './etcd-client.js';
import { withStorageErrors } from './etcd-errors.js';
import { EtcdJsonRecords } from './etcd-json-records.js';

const KEYRING_PREFIX = 'sts/keyring/';
/** Guards the first key: replicas of the issuer starting together must agree on one keyring. */
const KEYRING_INITIALIZED = 'sts/keyring-initialized';

export class EtcdKeyringStore implements KeyringStore {
  private readonly records: EtcdJsonRecords<StoredSigningKey>;

  constructor(private readonly etcd: EtcdConnection) {
    this.records = new EtcdJsonRecords(etcd, 'keyring');
  }

  list(): Promise<StoredSigningKey[]> {
    return this.records.list(KEYRING_PREFIX);
  }

  createFirst(key: StoredSigningKey): Promise<boolean> {
    return withStorageErrors('keyring write', async () => {
      const keys = this.etcd.keys;
      const result = await keys
        .if(KEYRING_INITIALIZED, 'Create', '==', 0)
        .then(keys.put(KEYRING_INITIALIZED).value(key.kid), keys.put(`${KEYRING_PREFIX}${key.kid}`).value(JSON.stringify(key)))
        .commit();
      return result.succeeded;
    });
  }

  rotate(next: StoredSigningKey, demoted: readonly StoredSigningKey[]): Promise<void> {
    return withStorageErrors('keyring write', async () => {
      const keys = this.etcd.keys;
      const puts = [next, ...demoted].map((k) => keys.put(`${KEYRING_PREFIX}${k.kid}`).value(JSON.stringify(k)));
      await keys.if(KEYRING_INITIALIZED, 'Create', '>', 0).then(...puts).commit();
    });
  }

  remove(kids: readonly string[]): Promise<void> {
    return withStorageErrors('keyring write', async () => {
      const keys = this.etcd.keys;
      await keys.if(KEYRING_INITIALIZED, 'Create', '>', 0).then(...kids.map((kid) => keys.delete().key(`${KEYRING_PREFIX}${kid}`))).commit();
    });
  }
}
