import type { EtcdConnection } from './etcd-client.js';
import { byParentKey, credentialKey } from './credential-keys.js';

/**
 * The by-parent index, `sts/by-parent/<parent>/<accessKey>`, that revocation by user reads. A
 * transaction writes one entry per parent and lease, not one per credential: the entry is named by
 * the first credential and its value lists the others' access keys as a JSON array (empty for a
 * lone credential, as every entry of earlier releases is). An entry lives under the lease its
 * credentials share, so it goes with them. Only the index's key count and etcd's work per
 * credential change: listing a parent reads the values as well as the keys.
 */

export interface IndexedCredential {
  parent: string;
  accessKey: string;
  lease: string;
}

export interface IndexEntry {
  /** Without the deployment prefix. */
  key: string;
  value: Buffer;
  lease: string;
}

const EMPTY = Buffer.alloc(0);

/** The index entries of the credentials of one transaction: one per parent and lease. */
export function indexEntries(credentials: readonly IndexedCredential[]): IndexEntry[] {
  const groups = new Map<string, { first: IndexedCredential; others: string[] }>();
  for (const credential of credentials) {
    // A lease id is digits only, so this cannot confuse two (lease, parent) pairs.
    const group = `${credential.lease}/${credential.parent}`;
    const found = groups.get(group);
    if (found) found.others.push(credential.accessKey);
    else groups.set(group, { first: credential, others: [] });
  }
  return [...groups.values()].map(({ first, others }) => ({
    key: byParentKey(first.parent, first.accessKey),
    value: others.length === 0 ? EMPTY : Buffer.from(JSON.stringify(others)),
    lease: first.lease,
  }));
}

/** The access keys an entry stands for: the one it is named by, then those its value lists. */
export function entryAccessKeys(namedBy: string, value: Buffer): string[] {
  if (value.length === 0) return [namedBy];
  const others: unknown = JSON.parse(value.toString());
  if (!Array.isArray(others) || !others.every((k) => typeof k === 'string')) throw new Error(`index entry of ${namedBy} is not a list of access keys`);
  return [namedBy, ...others];
}

/** etcd's default --max-txn-ops. */
const MAX_TXN_OPS = 128;

/** Reads and prunes the by-parent index; entries of this and of earlier releases, mixed. */
export class CredentialIndex {
  constructor(private readonly etcd: EtcdConnection) {}

  /** The access keys indexed under a parent. */
  async accessKeys(parent: string): Promise<string[]> {
    return (await this.entries(parent)).flatMap((e) => e.accessKeys);
  }

  /**
   * To be called once the records of `removed` are deleted: deletes every entry that stood for one
   * of them and has no stored credential left. Records go first, so an entry is never dropped while
   * a credential it lists can still be found by its access key.
   */
  async removeEmptied(removed: ReadonlyArray<{ parent: string; accessKey: string }>): Promise<void> {
    const gone = new Map<string, Set<string>>();
    for (const { parent, accessKey } of removed) gone.set(parent, (gone.get(parent) ?? new Set()).add(accessKey));
    const emptied: string[] = [];
    for (const [parent, accessKeys] of gone) {
      for (const entry of await this.entries(parent)) {
        if (!entry.accessKeys.some((k) => accessKeys.has(k))) continue;
        if (!(await this.anyStored(entry.accessKeys.filter((k) => !accessKeys.has(k))))) emptied.push(entry.key);
      }
    }
    await deleteKeys(this.etcd, emptied);
  }

  private async entries(parent: string): Promise<Array<{ key: string; accessKeys: string[] }>> {
    const prefix = byParentKey(parent, '');
    const values = await this.etcd.keys.getAll().prefix(prefix).buffers();
    return Object.entries(values).map(([key, value]) => ({ key, accessKeys: entryAccessKeys(key.slice(prefix.length), value) }));
  }

  private async anyStored(accessKeys: string[]): Promise<boolean> {
    return (await Promise.all(accessKeys.map((k) => this.etcd.keys.get(credentialKey(k)).exists()))).some(Boolean);
  }
}

/** Deletes keys (without the deployment prefix) in transactions of at most MAX_TXN_OPS. */
export async function deleteKeys(etcd: EtcdConnection, keys: readonly string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += MAX_TXN_OPS) {
    const success = keys.slice(i, i + MAX_TXN_OPS).map((key) => ({ request_delete_range: { key: Buffer.concat([etcd.keys.prefix, Buffer.from(key)]) } }));
    await etcd.keys.kv.txn({ compare: [], success, failure: [] });
  }
}
