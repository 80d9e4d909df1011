import { Etcd3, GRPCUnavailableError, type Namespace } from 'etcd3';
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { circuitBreaker, ConsecutiveBreaker, ExponentialBackoff, handleWhen, noop, retry } from 'cockatiel';

export interface EtcdOptions {
  endpoints: string[];
  /** `MINIO_ETCD_PATH_PREFIX`: namespaces every key of this deployment. */
  prefix: string;
  /** Deadline of every unary call. Default 2000 ms: an unreachable etcd must fail fast, not queue. */
  timeoutMs: number;
  /** The app's etcd user (auth on: README "Security model"); never logged. */
  auth?: { username: string; password: string };
  /** Client TLS: the CA of etcd's certificate, and the client certificate (MinIO's MINIO_ETCD_CLIENT_CERT[_KEY]). */
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
}

export interface EtcdConnection {
  client: Etcd3;
  /** The deployment's keyspace (the prefix applied). */
  keys: Namespace;
  /** What it was opened with, so a watch can open a fresh connection of its own (resilient-watch.ts). */
  options: EtcdOptions;
  close(): void;
}

/**
 * A new client's first call also opens the channel and logs in (etcd checks the password with
 * bcrypt). Until one warm-up call has come back (either way), calls get at least this deadline, so
 * a loaded machine does not fail an app's boot; after it, the configured deadline applies.
 */
const WARM_UP_MS = 10_000;

/** A member that could not be reached is skipped by every call for this long, then tried again by one call. */
const UNREACHABLE_MEMBER_PAUSE_MS = 1000;

/**
 * The member could not be reached (refused, or the connection dropped: a killed member), as opposed
 * to an answer from a live member ("etcdserver: …", e.g. no leader during an election).
 */
function unreachable(error: Error): boolean {
  return error instanceof GRPCUnavailableError && !error.message.includes('etcdserver:');
}

/**
 * With several endpoints (a cluster), etcd3 sends each call to a random member. A member found
 * unreachable is skipped for UNREACHABLE_MEMBER_PAUSE_MS (one failure opens its circuit), and the
 * call that found it is tried once more on another member; nothing else is retried: a failed write
 * is reported at once and the caller decides (the default three-retry policy would triple the time
 * a caller waits when etcd is down). With one endpoint there is no other member: no circuit and no
 * retry, so a call fails at once and a watch reconnects on its own backoff, never refused by an open
 * circuit (watch-compaction e2e).
 */
export function connectEtcd(options: EtcdOptions): EtcdConnection {
  let warming = true;
  const cluster = options.endpoints.length > 1;
  const client = new Etcd3({
    hosts: options.endpoints,
    dialTimeout: options.timeoutMs,
    defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + (warming ? Math.max(options.timeoutMs, WARM_UP_MS) : options.timeoutMs) }),
    // Watch streams retry on their own; the cap keeps a watch from idling for up to 30 s after etcd is back.
    faultHandling: {
      host: () => (cluster ? circuitBreaker(handleWhen(unreachable), { halfOpenAfter: UNREACHABLE_MEMBER_PAUSE_MS, breaker: new ConsecutiveBreaker(1) }) : noop),
      global: cluster ? retry(handleWhen(unreachable), { maxAttempts: 1 }) : noop,
      watchBackoff: new ExponentialBackoff({ maxDelay: 2000 }).next(),
    },
    ...(options.auth ? { auth: options.auth } : {}),
    ...(options.tls ? { credentials: tlsCredentials(options.tls) } : {}),
  });
  const keys = client.namespace(options.prefix);
  // Any answer, a permission refusal included, means the channel is open and the login done.
  keys.get('warm-up').string().catch(() => undefined).finally(() => (warming = false));
  return { client, keys, options, close: () => client.close() };
}

/** etcd3 ignores NODE_EXTRA_CA_CERTS: the CA goes in rootCertificate (Node's bundled roots when none is named). */
function tlsCredentials(tls: NonNullable<EtcdOptions['tls']>) {
  const read = (file?: string) => (file ? readFileSync(file) : undefined);
  return { rootCertificate: read(tls.caFile) ?? Buffer.from(rootCertificates.join('\n')), certChain: read(tls.certFile), privateKey: read(tls.keyFile) };
}
