// The bus and the store as one server each, or as clusters of `size` nodes on loopback
// (STS_CLUSTER, the e2e stack's `cluster` option): nats-servers joined by authenticated routes, with
// JetStream clustered, and etcd members of one initial cluster. Every node keeps the single server's
// security: the apps' nkey users and permissions, etcd auth with JWT tokens (bus-users.mjs,
// store-users.mjs). The apps are given every node (NATS_URL, MINIO_ETCD_ENDPOINTS: comma-separated).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureNatsRouteSecret, writeNatsServerConfig } from './bus-users.mjs';

const CLUSTER_NAME = 'sts';

/** Parses STS_CLUSTER: unset or 1 is one server each; otherwise an odd count ≥ 3 (a quorum survives one loss). */
export function parseClusterSize(value) {
  if (value === undefined || value === '' || value === '1') return 1;
  const size = Number(value);
  if (!Number.isInteger(size) || size < 3 || size % 2 === 0 || size > 7) throw new Error(`STS_CLUSTER must be 1 or an odd number of nodes from 3 to 7, got "${value}"`);
  return size;
}

/**
 * Start options of each nats-server node: `ports` are the client ports, `routePorts` the cluster
 * ports (needed when there is more than one node). Node n's files are `<dir>/nats-<n>.*`.
 */
export function natsNodeOptions({ ports, routePorts = [], dir, secretsDir, users, logDir = dir }) {
  const clustered = ports.length > 1;
  const password = clustered ? ensureNatsRouteSecret(secretsDir) : undefined;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return ports.map((port, i) => {
    const node = clustered ? `nats-${i + 1}` : 'nats';
    const cluster = clustered ? { name: CLUSTER_NAME, listen: `127.0.0.1:${routePorts[i]}`, routes: routePorts.map((route) => `127.0.0.1:${route}`), password } : undefined;
    const configFile = writeNatsServerConfig(join(dir, `${node}.conf`), { users, jetstreamDir: join(dir, clustered ? `jetstream-${i + 1}` : 'jetstream'), serverName: clustered ? node : undefined, cluster });
    return { port, logFile: join(logDir, `${node}.log`), configFile };
  });
}

/** Start options of each etcd member (one initial cluster when there are several); `base` is shared by all. */
export function etcdMemberOptions({ clientPorts, peerPorts, dir, logDir = dir, base = {} }) {
  const clustered = clientPorts.length > 1;
  const names = clientPorts.map((_, i) => (clustered ? `etcd-${i + 1}` : 'etcd'));
  const initialCluster = clustered ? names.map((name, i) => `${name}=http://127.0.0.1:${peerPorts[i]}`).join(',') : undefined;
  return clientPorts.map((clientPort, i) => ({
    ...base,
    name: clustered ? names[i] : (base.name ?? 'sts'),
    clientPort,
    peerPort: peerPorts[i],
    dataDir: join(dir, names[i]),
    logFile: join(logDir, `${names[i]}.log`),
    ...(initialCluster ? { initialCluster } : {}),
  }));
}
