import type { EtcdConnection } from './etcd-client.js';
import { withStorageErrors } from './etcd-errors.js';
import { readBatchOf, type EtcdReadBatch } from './etcd-read-batch.js';

/**
 * Records stored as one JSON document per etcd key: the reads and writes every IAM store shares.
 * `kind` names the record in the log when etcd fails ("group read"); clients see only a
 * ServiceUnavailable (withStorageErrors). Reads asked together leave together (EtcdReadBatch).
 */
export class EtcdJsonRecords<T> {
  private readonly reads: EtcdReadBatch;

  constructor(private readonly etcd: EtcdConnection, private readonly kind: string) {
    this.reads = readBatchOf(etcd);
  }

  get(key: string): Promise<T | null> {
    return withStorageErrors(`${this.kind} read`, async () => {
      const value = await this.reads.get(key);
      return value === null ? null : (JSON.parse(value) as T);
    });
  }

  put(key: string, record: T): Promise<void> {
    return withStorageErrors(`${this.kind} write`, async () => {
      await this.etcd.keys.put(key).value(JSON.stringify(record));
    });
  }

  /** False when there was no such key. */
  delete(key: string): Promise<boolean> {
    return withStorageErrors(`${this.kind} write`, async () => (await this.etcd.keys.delete().key(key).exec()).deleted !== '0');
  }

  /** Keys and records under a prefix. */
  entries(prefix: string): Promise<Array<[string, T]>> {
    return withStorageErrors(`${this.kind} read`, async () => (await this.reads.prefix(prefix)).map(([key, value]) => [key, JSON.parse(value) as T]));
  }

  async list(prefix: string): Promise<T[]> {
    return (await this.entries(prefix)).map(([, record]) => record);
  }
}
