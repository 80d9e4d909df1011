import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { APPS } from '../scripts/lib/apps.mjs';
import { GO_SERVER_GOGC } from '../scripts/lib/servers.mjs';
import { TRUST_TABLE } from '../libs/contracts/src/trust-table.js';

interface Service {
  entrypoint?: string[];
  volumes?: Array<string | { source?: string; target?: string; read_only?: boolean; volume?: { subpath?: string } }>;
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, unknown> | string[];
  depends_on?: Record<string, unknown> | string[];
  deploy?: { replicas?: number };
  ports?: string[];
}

const repoFile = (path: string) => new URL(`../${path}`, import.meta.url);
const compose = parse(readFileSync(repoFile('docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const appServices = APPS.map(({ name }) => ({ name, service: compose.services[name] }));
const natsNodes = ['nats-1', 'nats-2', 'nats-3'];
const etcdMembers = ['etcd-1', 'etcd-2', 'etcd-3'];

function keys(value: Record<string, unknown> | string[] | undefined): string[] {
  if (Array.isArray(value)) return value.map((entry) => entry.split('=')[0]);
  return Object.keys(value ?? {});
}

describe('docker-compose.yml', () => {
  it.each(APPS.map(({ name }) => name))('has a service for %s that runs that app', (name) => {
    expect(compose.services[name]).toBeDefined();
    expect(compose.services[name].command).toEqual([name]);
  });

  it('runs every app from the one image built from the Dockerfile', () => {
    const images = new Set(appServices.map(({ service }) => JSON.stringify([service?.image, service?.build])));
    expect(images.size).toBe(1);
    expect(appServices[0].service?.build).toBeDefined();
  });

  it('runs at least two replicas of every verifier', () => {
    const verifiers = appServices.filter(({ name }) => name.endsWith('-verifier'));
    expect(verifiers.length).toBeGreaterThan(0);
    for (const { name, service } of verifiers) {
      expect({ name, atLeastTwo: (service?.deploy?.replicas ?? 1) >= 2 }).toEqual({ name, atLeastTwo: true });
    }
  });

  it('starts every app after every NATS node and etcd member', () => {
    for (const { service } of appServices) expect(keys(service?.depends_on)).toEqual(expect.arrayContaining([...natsNodes, ...etcdMembers]));
  });

  it('gives every app every NATS node, and every etcd member when it uses etcd', () => {
    for (const { name, service } of appServices) {
      const env = service?.environment as Record<string, string>;
      expect({ name, nats: env.NATS_URL?.split(',') }).toEqual({ name, nats: natsNodes.map((node) => `nats://${node}:4222`) });
      if (env.MINIO_ETCD_ENDPOINTS !== undefined) expect({ name, etcd: env.MINIO_ETCD_ENDPOINTS.split(',') }).toEqual({ name, etcd: etcdMembers.map((member) => `http://${member}:2379`) });
    }
  });

  it('runs a 3-node NATS cluster with authenticated routes, each node with its own config and JetStream volume', () => {
    natsNodes.forEach((node, i) => {
      expect(compose.services[node].command).toEqual(['-c', `/secrets/${node}.conf`]);
      expect(compose.services[node].volumes).toEqual(expect.arrayContaining([
        expect.objectContaining({ source: 'sts-secrets', target: '/secrets', read_only: true, volume: { subpath: 'nats-server' } }),
        `nats-data-${i + 1}:/data`,
      ]));
    });
    // The configs the sts-secrets job writes into the nats-server subpath.
    const dir = mkdtempSync(join(tmpdir(), 'compose-secrets-'));
    try {
      execFileSync(process.execPath, [fileURLToPath(repoFile('scripts/provision.mjs')), 'secrets', dir], { stdio: 'pipe' });
      for (const node of natsNodes) {
        const config = readFileSync(join(dir, 'nats-server', `${node}.conf`), 'utf8');
        expect(config).toContain(`server_name: "${node}"`);
        const routes = [...config.matchAll(/"nats-route:\/\/route:[^@"]+@([\w-]+:6222)"/g)].map((match) => match[1]);
        expect(routes).toEqual(natsNodes.map((peer) => `${peer}:6222`));
        expect(config).toMatch(/"authorization": \{\s*"user": "route",\s*"password": "[^"]{16,}"/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('replicates the audit stream to the three NATS nodes', () => {
    expect((compose.services['audit-sink'].environment as Record<string, string>).STS_AUDIT_STREAM_REPLICAS).toBe('3');
  });

  it('runs a 3-member etcd cluster, one initial cluster, each member with its own name, URLs and volume', () => {
    etcdMembers.forEach((member, i) => {
      const service = compose.services[member] as Service & { environment: Record<string, string> };
      expect(service.command).toContain(`--initial-cluster=${etcdMembers.map((m) => `${m}=http://${m}:2380`).join(',')}`);
      expect(service.environment).toEqual({ GOGC: expect.any(String), ETCD_NAME: member, ETCD_ADVERTISE_CLIENT_URLS: `http://${member}:2379`, ETCD_INITIAL_ADVERTISE_PEER_URLS: `http://${member}:2380` });
      expect(service.volumes).toContain(`etcd-data-${i + 1}:/etcd-data`);
    });
    expect((compose.services['sts-etcd-users'].environment as Record<string, string>).MINIO_ETCD_ENDPOINTS.split(',')).toHaveLength(3);
  });

  it('publishes the first gateway on port 9000', () => {
    const gateway = appServices.find(({ name }) => APPS.find((app) => app.name === name)?.gateway);
    expect(gateway?.service?.ports).toContain('9000:9000');
  });

  it('generates the secrets once, before nats-server and etcd start, and provisions etcd users before any app', () => {
    expect(compose.services['sts-secrets']).toMatchObject({ entrypoint: ['node', 'scripts/provision.mjs'], command: ['secrets', '/secrets'] });
    expect(compose.services['sts-etcd-users']).toMatchObject({ entrypoint: ['node', 'scripts/provision.mjs'], command: ['etcd', '/secrets'] });
    for (const server of [...natsNodes, ...etcdMembers]) expect(compose.services[server].depends_on).toMatchObject({ 'sts-secrets': { condition: 'service_completed_successfully' } });
    for (const { service } of appServices) expect(service?.depends_on).toMatchObject({ 'sts-etcd-users': { condition: 'service_completed_successfully' } });
  });

  it.each(etcdMembers)('runs %s with JWT auth tokens, periodic auto-compaction and a backend quota', (member) => {
    const args = compose.services[member].command ?? [];
    expect(args.some((arg) => arg.startsWith('--auth-token=jwt,'))).toBe(true);
    expect(args).toEqual(expect.arrayContaining(['--auto-compaction-mode=periodic', expect.stringMatching(/^--auto-compaction-retention=/), expect.stringMatching(/^--quota-backend-bytes=\d+$/)]));
  });

  it.each(APPS.map(({ name }) => name))('gives %s its own NATS user and etcd login, and mounts only its own secrets', (name) => {
    const service = compose.services[name];
    const env = service.environment as Record<string, unknown>;
    expect(env.STS_NATS_NKEY_SEED_FILE).toBe('/run/secrets/sts/nats.nk');
    const entry = TRUST_TABLE[name as keyof typeof TRUST_TABLE];
    if (entry.etcdRead.length > 0) expect({ user: env.STS_ETCD_USERNAME, file: env.STS_ETCD_PASSWORD_FILE }).toEqual({ user: name, file: '/run/secrets/sts/etcd.password' });
    else expect(env.STS_ETCD_USERNAME).toBeUndefined();
    const secretMounts = (service.volumes ?? []).filter((volume) => typeof volume === 'object' && volume.source === 'sts-secrets');
    expect(secretMounts).toEqual([expect.objectContaining({ read_only: true, volume: { subpath: name } })]);
  });

  it('puts the gateway in front of a real S3 server container, with the keys that server was started with', () => {
    const gateway = compose.services['api-gateway'];
    const backend = compose.services['s3-backend'] as Service & { environment: Record<string, string>; healthcheck?: unknown };
    const env = gateway.environment as Record<string, string>;
    expect(backend.image).toMatch(/^minio\/minio:/);
    expect(backend.healthcheck).toBeDefined();
    expect(env.STS_S3_BACKEND_URL).toContain('http://s3-backend:9000');
    expect(env.STS_S3_BACKEND_ACCESS_KEY).toBe(backend.environment.MINIO_ROOT_USER);
    expect(env.STS_S3_BACKEND_SECRET_KEY).toBe(backend.environment.MINIO_ROOT_PASSWORD);
    expect(keys(gateway.depends_on)).toEqual(expect.arrayContaining([...natsNodes, ...etcdMembers, 's3-backend']));
  });

  it(`gives every NATS node and etcd member GOGC=${GO_SERVER_GOGC}, as npm start does, unless the shell sets one`, () => {
    const gogc = [...natsNodes, ...etcdMembers].map((name) => [name, (compose.services[name].environment as Record<string, string>).GOGC]);
    expect(gogc).toEqual([...natsNodes, ...etcdMembers].map((name) => [name, `\${GOGC:-${GO_SERVER_GOGC}}`]));
  });

  it.each(APPS.map(({ name }) => name))('sets only variables that %s reads when it loads its config', async (name) => {
    const read = await variablesReadBy(name);
    const unread = keys(compose.services[name]?.environment).filter((variable) => !read.has(variable));
    expect(unread).toEqual([]);
  });
});

/** Runs the app's own config loader against an environment that records every variable it reads. */
async function variablesReadBy(app: string): Promise<Set<string>> {
  const { loadConfig } = (await import(`../apps/${app}/src/config.js`)) as { loadConfig: (env: Record<string, string | undefined>) => unknown };
  const read = new Set<string>();
  loadConfig(new Proxy({}, { get: (_target, name) => (typeof name === 'string' && read.add(name), undefined) }));
  return read;
}
