// docker-compose's provisioning jobs (the same code `npm start` and the e2e stack use):
//   node scripts/provision.mjs secrets <dir>   one subdirectory per app (its NATS seed, its etcd
//                                              password), nats-server/nats-<n>.conf (one per node of
//                                              the NATS cluster), etcd-server/ (JWT key pair, root
//                                              password); files are created once, never printed
//   node scripts/provision.mjs etcd <dir>      etcd users and roles from the trust table, then auth on
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { APP_NAMES } from './lib/apps.mjs';
import { ensureNatsRouteSecret, ensureNatsUsers, writeNatsServerConfig } from './lib/bus-users.mjs';
import { ensureEtcdSecrets, provisionEtcd } from './lib/store-users.mjs';

const [mode, dir] = process.argv.slice(2);
if (!['secrets', 'etcd'].includes(mode) || !dir) {
  console.error('usage: provision.mjs secrets|etcd <secrets dir>');
  process.exit(2);
}
const shared = join(dir, '.generated');
/** docker-compose's NATS cluster: services nats-1 … nats-3, routes on port 6222. */
const NATS_NODES = ['nats-1', 'nats-2', 'nats-3'];
const NATS_ROUTE_PORT = 6222;

try {
  if (mode === 'secrets') writeSecrets();
  else await provisionEtcd({ endpoint: (process.env.MINIO_ETCD_ENDPOINTS ?? 'http://etcd-1:2379').split(',').map((url) => url.trim()), pathPrefix: process.env.MINIO_ETCD_PATH_PREFIX ?? '', secrets: ensureEtcdSecrets(join(shared, 'etcd'), APP_NAMES), apps: APP_NAMES });
  console.log(`provision ${mode}: done`);
} catch (error) {
  console.error(`provision ${mode} failed: ${error.message}`);
  process.exit(1);
}

/** Each app's directory holds only its own secrets: compose mounts it alone into that app's container. */
function writeSecrets() {
  const users = ensureNatsUsers(join(shared, 'nats'), APP_NAMES);
  const etcd = ensureEtcdSecrets(join(shared, 'etcd'), APP_NAMES);
  for (const app of APP_NAMES) {
    const own = join(dir, app);
    mkdirSync(own, { recursive: true, mode: 0o700 });
    copyOnce(users[app].seedFile, join(own, 'nats.nk'));
    if (etcd.passwordFiles[app]) copyOnce(etcd.passwordFiles[app], join(own, 'etcd.password'));
  }
  mkdirSync(join(dir, 'nats-server'), { recursive: true, mode: 0o700 });
  const password = ensureNatsRouteSecret(join(shared, 'nats'));
  const routes = NATS_NODES.map((node) => `${node}:${NATS_ROUTE_PORT}`);
  for (const node of NATS_NODES) {
    const cluster = { name: 'sts', listen: `0.0.0.0:${NATS_ROUTE_PORT}`, routes, password };
    writeNatsServerConfig(join(dir, 'nats-server', `${node}.conf`), { users, jetstreamDir: '/data/jetstream', serverName: node, cluster });
  }
  mkdirSync(join(dir, 'etcd-server'), { recursive: true, mode: 0o700 });
  for (const file of ['etcd-jwt.key', 'etcd-jwt.pub']) copyOnce(join(shared, 'etcd', file), join(dir, 'etcd-server', file));
}

function copyOnce(from, to) {
  if (!existsSync(to)) copyFileSync(from, to);
}
