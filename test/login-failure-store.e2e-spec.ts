import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connectEtcd, EtcdLoginFailureStore, loginFailureKey, type EtcdConnection } from '#infra-etcd';
import { freePorts, startEtcd, type ServerHandle } from '../scripts/lib/servers.mjs';

let dir: string;
let server: ServerHandle;
let etcd: EtcdConnection;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sts-failures-'));
  const [clientPort, peerPort] = await freePorts(2);
  server = await startEtcd({ clientPort, peerPort, dataDir: join(dir, 'etcd'), logFile: join(dir, 'etcd.log'), fast: true });
  etcd = connectEtcd({ endpoints: [server.url], prefix: '', timeoutMs: 2000 });
}, 30_000);

afterAll(async () => {
  etcd?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe(EtcdLoginFailureStore.name, () => {
  it('reserves exactly the limit when two issuer replicas take 60 reservations of the same keys at once', async () => {
    const [a, b] = [new EtcdLoginFailureStore(etcd), new EtcdLoginFailureStore(etcd)];
    const keys = [{ key: 'user:aa', limit: 10 }, { key: 'client:192.0.2.1', limit: 50 }];
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).reserve(keys, 60)));
    expect(results.filter((r) => r !== null)).toHaveLength(10);
    expect(await a.counts(['user:aa', 'client:192.0.2.1', 'user:bb'])).toEqual([10, 10, 0]);
  });

  it('gives a reservation back on release, on every key it took', async () => {
    const store = new EtcdLoginFailureStore(etcd);
    const keys = [{ key: 'user:dd', limit: 1 }, { key: 'dn:dd', limit: 1 }];
    const first = await store.reserve(keys, 60);
    expect(await store.reserve(keys, 60)).toBeNull();
    await store.release([{ keys: keys.map((k) => k.key), reservation: first! }]);
    expect(await store.counts(['user:dd', 'dn:dd'])).toEqual([0, 0]);
    expect(await store.reserve(keys, 60)).not.toBeNull();
  });

  it('gives back, through another issuer replica, a reservation taken after that replica last wrote the budget', async () => {
    const [a, b] = [new EtcdLoginFailureStore(etcd), new EtcdLoginFailureStore(etcd)];
    const keys = [{ key: 'user:ee', limit: 5 }];
    await b.reserve(keys, 60);
    const taken = await a.reserve(keys, 60);
    await b.release([{ keys: ['user:ee'], reservation: taken! }]);
    expect(await a.counts(['user:ee'])).toEqual([1]);
  });

  it('counts each failure for one window after it, under a lease that removes it', async () => {
    let now = Date.now();
    const store = new EtcdLoginFailureStore(etcd, () => now);
    const keys = [{ key: 'user:cc', limit: 5 }];
    await store.reserve(keys, 30);
    now += 20_000;
    await store.reserve(keys, 30);
    expect(await store.counts(['user:cc'])).toEqual([2]);
    now += 11_000;
    expect(await store.counts(['user:cc'])).toEqual([1]);
    now += 20_000;
    expect(await store.counts(['user:cc'])).toEqual([0]);
    const kvs = (await etcd.client.getAll().prefix(loginFailureKey('user:cc')).exec()).kvs;
    const ttls = await Promise.all(kvs.map((kv) => etcd.client.leaseClient.leaseTimeToLive({ ID: kv.lease, keys: false })));
    expect(ttls.map((t) => Number(t.TTL) > 0 && Number(t.TTL) <= 56)).toEqual([true]);
  });
});
