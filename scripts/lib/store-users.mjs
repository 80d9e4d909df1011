// etcd with authentication on: a root user, and one user per app whose role reads only the key
// prefixes of the trust table in libs/contracts (the credential-issuer alone reads and writes).
// Passwords and the key pair that signs etcd's JWT auth tokens are generated on first use into the
// secrets directory (files 0600) and never printed. JWT tokens, not etcd's default simple tokens:
// simple tokens vanish when etcd restarts, and a watcher holding one dies
// (shared/reference/bus-and-store-security.md §3.1).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Etcd3, Range } from 'etcd3';
import { TRUST_TABLE } from '../../libs/contracts/src/trust-table.js';

export const ETCD_ROOT_USER = 'root';

function ensureSecretFile(file, make) {
  if (!existsSync(file)) writeFileSync(file, make(), { mode: 0o600, flag: 'wx' });
  return file;
}

/** The files behind etcd's users and its token signing key, created if missing. */
export function ensureEtcdSecrets(secretsDir, apps) {
  mkdirSync(secretsDir, { recursive: true, mode: 0o700 });
  const password = () => `${randomBytes(24).toString('base64url')}\n`;
  const passwordFiles = Object.fromEntries([ETCD_ROOT_USER, ...apps.filter((app) => etcdNeeded(app))].map((user) => [user, ensureSecretFile(join(secretsDir, `etcd-${user}.password`), password)]));
  const jwtPrivate = join(secretsDir, 'etcd-jwt.key');
  const jwtPublic = join(secretsDir, 'etcd-jwt.pub');
  if (!existsSync(jwtPrivate) || !existsSync(jwtPublic)) {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    writeFileSync(jwtPrivate, pair.privateKey, { mode: 0o600 });
    writeFileSync(jwtPublic, pair.publicKey, { mode: 0o600 });
  }
  return { passwordFiles, authToken: `jwt,pub-key=${jwtPublic},priv-key=${jwtPrivate},sign-method=RS256,ttl=10m` };
}

const etcdNeeded = (app) => Boolean(TRUST_TABLE[app]?.etcdWrite || TRUST_TABLE[app]?.etcdRead.length);
const readSecret = (file) => readFileSync(file, 'utf8').trim();

/** The env that makes an app log in to etcd as its own user. */
export function etcdUserEnv(secrets, app) {
  const passwordFile = secrets?.passwordFiles[app];
  return passwordFile ? { STS_ETCD_USERNAME: app, STS_ETCD_PASSWORD_FILE: passwordFile } : {};
}

export function etcdRootAuth(secrets) {
  return { username: ETCD_ROOT_USER, password: readSecret(secrets.passwordFiles[ETCD_ROOT_USER]) };
}

/** A role's key ranges: the deployment's prefix plus each of the app's prefixes ('' is all of it). */
function grants(app, pathPrefix) {
  const entry = TRUST_TABLE[app];
  const permission = entry.etcdWrite ? 'Readwrite' : 'Read';
  return entry.etcdRead.map((prefix) => {
    const full = `${pathPrefix}${prefix}`;
    // An empty prefix is the whole keyspace: from key "\0" to the end ("\0" as range end).
    return { permission, range: full ? Range.prefix(full) : new Range(Buffer.from([0]), Buffer.from([0])) };
  });
}

/**
 * Creates (or brings up to date) the root user, a role `sts-<app>` and a user per app, then turns
 * authentication on. Safe on every start: on an etcd whose auth is already on, it logs in as root.
 * `endpoint`: one URL or every member of a cluster (the users and roles are the cluster's).
 */
export async function provisionEtcd({ endpoint, pathPrefix = '', secrets, apps }) {
  const root = etcdRootAuth(secrets);
  const anonymous = new Etcd3({ hosts: endpoint, dialTimeout: 5000 });
  let authEnabled = false;
  try {
    await anonymous.get('provisioning-probe').string();
  } catch (error) {
    if (!/user name is empty|invalid auth token|permission denied/i.test(String(error?.message))) throw error;
    authEnabled = true;
  } finally {
    anonymous.close();
  }
  const client = new Etcd3({ hosts: endpoint, dialTimeout: 5000, ...(authEnabled ? { auth: root } : {}) });
  try {
    await ensureUser(client, ETCD_ROOT_USER, root.password);
    await client.user(ETCD_ROOT_USER).addRole('root').catch(ignoreExisting);
    for (const app of apps.filter(etcdNeeded)) {
      const role = `sts-${app}`;
      await client.role(role).create().catch(ignoreExisting);
      // Exactly the trust table's prefixes: what an older table granted is taken back first.
      // One at a time: etcd3 1.1.2's revoke() of an array grants instead.
      for (const held of await client.role(role).permissions()) await client.role(role).revoke(held);
      await client.role(role).grant(grants(app, pathPrefix));
      await ensureUser(client, app, readSecret(secrets.passwordFiles[app]));
      await client.user(app).addRole(role);
    }
    if (!authEnabled) await client.auth.authEnable({});
  } finally {
    client.close();
  }
}

async function ensureUser(client, name, password) {
  try {
    await client.user(name).create(password);
  } catch (error) {
    ignoreExisting(error);
    await client.user(name).setPassword(password);
  }
}

function ignoreExisting(error) {
  if (!/already exists|role name already|user name already/i.test(String(error?.message))) throw error;
}
