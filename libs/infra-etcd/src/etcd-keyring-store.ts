import type { KeyringStore, StoredSigningKey } from '#domain';
import type { EtcdConnection } from './etcd-client.js';
import { withStorageErrors } from './etcd-errors.js';

const KEYRING_PREFIX = 'sts/keyring/';
/** Guards the first key: replicas of the issuer starting together must agree on one keyring. */
const KEYRING_INITIALIZED = 'sts/keyring-initialized';

export class EtcdKeyringStore implements KeyringStore {
  constructor(private readonly etcd: EtcdConnection) {}

  list(): Promise<StoredSigningKey[]> {
    return withStorageErrors('keyring read', async () => {
      const values = await this.etcd.keys.getAll().prefix(KEYRING_PREFIX).strings();
      return Object.values(values).map((v) => JSON.parse(v) as StoredSigningKey);
    });
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
