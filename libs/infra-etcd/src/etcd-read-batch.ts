import type { IOperation, IRangeResponse, Namespace } from 'etcd3';
import type { EtcdConnection } from './etcd-client.js';

/** etcd's default `--max-txn-ops`. */
const MAX_OPS_PER_TXN = 128;

type Values = Array<[key: string, value: string]>;

interface Pending {
  op: IOperation;
  settle: { resolve(values: Values): void; reject(error: unknown): void };
}

/**
 * Reads asked for in the same turn of the event loop leave as one etcd transaction: one call and
 * one revision for what a lookup reads side by side (a user, its groups, its mapping), and for the
 * lookups of several gateways that arrive together after an access change. A read joins only a
 * batch that has not left yet, so it still sees every write acknowledged before it was asked.
 * Hand-written: etcd3 has no read batching, and a transaction with no comparison is its batch.
 */
export class EtcdReadBatch {
  private pending = new Map<string, { entry: Pending; values: Promise<Values> }>();

  constructor(private readonly keys: Namespace) {}

  /** The value at `key`, or null. */
  async get(key: string): Promise<string | null> {
    const values = await this.read(`=${key}`, () => this.keys.get(key));
    return values[0]?.[1] ?? null;
  }

  /** Keys (without the deployment's prefix) and values under `prefix`. */
  prefix(prefix: string): Promise<Values> {
    return this.read(`*${prefix}`, () => this.keys.getAll().prefix(prefix));
  }

  private read(id: string, op: () => IOperation): Promise<Values> {
    const joined = this.pending.get(id);
    if (joined) return joined.values;
    if (this.pending.size === 0) setImmediate(() => void this.flush());
    let settle!: Pending['settle'];
    const values = new Promise<Values>((resolve, reject) => (settle = { resolve, reject }));
    this.pending.set(id, { entry: { op: op(), settle }, values });
    return values;
  }

  private async flush(): Promise<void> {
    const batch = [...this.pending.values()].map(({ entry }) => entry);
    this.pending = new Map();
    const chunks: Pending[][] = [];
    for (let start = 0; start < batch.length; start += MAX_OPS_PER_TXN) chunks.push(batch.slice(start, start + MAX_OPS_PER_TXN));
    await Promise.all(chunks.map((chunk) => this.send(chunk)));
  }

  private async send(batch: Pending[]): Promise<void> {
    try {
      const success = await Promise.all(batch.map(({ op }) => op.op()));
      const { responses } = await this.keys.kv.txn({ compare: [], success, failure: [] });
      batch.forEach(({ settle }, i) => settle.resolve(this.valuesOf(responses[i]?.response_range)));
    } catch (error) {
      for (const { settle } of batch) settle.reject(error);
    }
  }

  private valuesOf(range: IRangeResponse | undefined): Values {
    const prefix = this.keys.prefix.length;
    return (range?.kvs ?? []).map((kv) => [kv.key.subarray(prefix).toString(), kv.value.toString()]);
  }
}

const batches = new WeakMap<EtcdConnection, EtcdReadBatch>();

/** One batch per connection, shared by every store that reads through it. */
export function readBatchOf(etcd: EtcdConnection): EtcdReadBatch {
  let batch = batches.get(etcd);
  if (!batch) batches.set(etcd, (batch = new EtcdReadBatch(etcd.keys)));
  return batch;
}
