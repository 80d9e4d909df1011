import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { APPS } from '../scripts/lib/apps.mjs';
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

  it('starts every app after nats and etcd', () => {
    for (const { service } of appServices) expect(keys(service?.depends_on)).toEqual(expect.arrayContaining(['nats', 'etcd']));
  });

  it('publishes the first gateway on port 9000', () => {
    const gateway = appServices.find(({ name }) => APPS.find((app) => app.name === name)?.gateway);
    expect(gateway?.service?.ports).toContain('9000:9000');
  });

  it('generates the secrets once, before nats-server and etcd start, and provisions etcd users before any app', () => {
    expect(compose.services['sts-secrets']).toMatchObject({ entrypoint: ['node', 'scripts/provision.mjs'], command: ['secrets', '/secrets'] });
    expect(compose.services['sts-etcd-users']).toMatchObject({ entrypoint: ['node', 'scripts/provision.mjs'], command: ['etcd', '/secrets'] });
    for (const server of ['nats', 'etcd']) expect(compose.services[server].depends_on).toMatchObject({ 'sts-secrets': { condition: 'service_completed_successfully' } });
    for (const { service } of appServices) expect(service?.depends_on).toMatchObject({ 'sts-etcd-users': { condition: 'service_completed_successfully' } });
  });

  it('runs nats-server with the generated users and permissions, and JetStream on a volume', () => {
    expect(compose.services.nats.command).toEqual(['-c', '/secrets/nats.conf']);
    expect(compose.services.nats.volumes).toEqual(expect.arrayContaining([
      expect.objectContaining({ source: 'sts-secrets', target: '/secrets', read_only: true, volume: { subpath: 'nats-server' } }),
      'nats-data:/data',
    ]));
  });

  it('runs etcd with JWT auth tokens, periodic auto-compaction and a backend quota', () => {
    const args = compose.services.etcd.command ?? [];
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
    expect(keys(gateway.depends_on)).toEqual(expect.arrayContaining(['nats', 'etcd', 's3-backend']));
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
