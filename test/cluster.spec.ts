import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { etcdMemberOptions, natsNodeOptions, parseClusterSize } from '../scripts/lib/cluster.mjs';

const dir = mkdtempSync(join(tmpdir(), 'cluster-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseClusterSize (STS_CLUSTER)', () => {
  it('is one server each when unset, empty or 1', () => {
    expect([undefined, '', '1'].map((value) => parseClusterSize(value))).toEqual([1, 1, 1]);
  });

  it('takes an odd count of nodes from 3, so that a quorum survives the loss of one', () => {
    expect(parseClusterSize('3')).toBe(3);
    expect(parseClusterSize('5')).toBe(5);
  });

  it.each(['2', '4', '0', 'three', '3.5', '9'])('rejects "%s", naming the variable', (value) => {
    expect(() => parseClusterSize(value)).toThrow(/STS_CLUSTER/);
  });
});

describe('natsNodeOptions', () => {
  const users = { 'api-gateway': { seedFile: '/dev/null', publicKey: 'UAPUBLICKEY' } };

  it('gives each node of a cluster its server name, its route port, every route with the cluster password, and its own JetStream dir', () => {
    const nodes = natsNodeOptions({ ports: [4222, 4223, 4224], routePorts: [6222, 6223, 6224], dir, secretsDir: join(dir, 'secrets'), users });
    expect(nodes.map((node) => node.port)).toEqual([4222, 4223, 4224]);
    const configs = nodes.map((node) => readFileSync(node.configFile, 'utf8'));
    const password = readFileSync(join(dir, 'secrets', 'nats-route.password'), 'utf8').trim();
    configs.forEach((config, i) => {
      expect(config).toContain(`server_name: "nats-${i + 1}"`);
      expect(config).toContain(`"listen": "127.0.0.1:${6222 + i}"`);
      expect(config).toContain(`"store_dir":"${join(dir, `jetstream-${i + 1}`)}"`);
      for (const route of [6222, 6223, 6224]) expect(config).toContain(`"nats-route://route:${encodeURIComponent(password)}@127.0.0.1:${route}"`);
      expect(config).toContain('"nkey": "UAPUBLICKEY"');
    });
  });

  it('writes a single server without cluster, as before', () => {
    const [node] = natsNodeOptions({ ports: [4222], dir, secretsDir: join(dir, 'secrets'), users });
    const config = readFileSync(node.configFile, 'utf8');
    expect(node.configFile).toBe(join(dir, 'nats.conf'));
    expect(config).not.toMatch(/^(cluster|server_name):/m);
  });
});

describe('etcdMemberOptions', () => {
  it('makes one initial cluster of the members, each with its name, ports and data dir', () => {
    const members = etcdMemberOptions({ clientPorts: [2379, 22379, 32379], peerPorts: [2380, 22380, 32380], dir, base: { authToken: 'jwt,…' } });
    const initialCluster = 'etcd-1=http://127.0.0.1:2380,etcd-2=http://127.0.0.1:22380,etcd-3=http://127.0.0.1:32380';
    expect(members).toEqual([1, 2, 3].map((n, i) => expect.objectContaining({
      name: `etcd-${n}`, clientPort: [2379, 22379, 32379][i], peerPort: [2380, 22380, 32380][i], dataDir: join(dir, `etcd-${n}`), initialCluster, authToken: 'jwt,…',
    })));
  });

  it('keeps a single member alone in its cluster', () => {
    const [member] = etcdMemberOptions({ clientPorts: [2379], peerPorts: [2380], dir });
    expect(member).toMatchObject({ name: 'sts', dataDir: join(dir, 'etcd') });
    expect(member.initialCluster).toBeUndefined();
  });
});
