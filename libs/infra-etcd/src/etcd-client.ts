import { Etcd3, type Namespace } from 'etcd3';
import { noop } from 'cockatiel';

export interface EtcdOptions {
  endpoints: string[];
  /** `MINIO_ETCD_PATH_PREFIX`: namespaces every key of this deployment. */
  prefix: string;
  /** Deadline of every unary call. Default 2000 ms: an unreachable etcd must fail fast, not queue. */
  timeoutMs: number;
}

export interface EtcdConnection {
  client: Etcd3;
  /** The deployment's keyspace (the prefix applied). */
  keys: Namespace;
  close(): void;
}

/**
 * No client-side retries: a failed write is reported at once and the caller decides; the default
 * three-retry policy would triple the time a caller waits when etcd is down.
 */
export function connectEtcd(options: EtcdOptions): EtcdConnection {
  const client = new Etcd3({
    hosts: options.endpoints,
    dialTimeout: options.timeoutMs,
    defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + options.timeoutMs }),
    faultHandling: { host: () => noop, global: noop },
  });
  return { client, keys: client.namespace(options.prefix), close: () => client.close() };
}
