import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connectEtcd, EtcdLoginFailureStore, loginFailurePrefix, type EtcdConnection } from '#infra-etcd';
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
  it('counts every failure exactly when two issuer replicas record the same keys at once', async () => {
    const [a, b] = [new EtcdLoginFailureStore(etcd), new EtcdLoginFailureStore(etcd)];
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).record(['user:aa', 'client:192.0.2.1'], 60)));
    expect(await a.counts(['user:aa', 'client:192.0.2.1', 'user:bb'])).toEqual([20, 20, 0]);
  });

  it('counts each failure for one window after it, under a lease that removes it', async () => {
    let now = Date.now();
    const store = new EtcdLoginFailureStore(etcd, () => now);
    expect(await store.record(['user:cc'], 30)).toEqual([1]);
    now += 20_000;
    expect(await store.record(['user:cc'], 30)).toEqual([2]);
    now += 11_000;
    expect(await store.counts(['user:cc'])).toEqual([1]);
    now += 20_000;
    expect(await store.counts(['user:cc'])).toEqual([0]);
    const kvs = (await etcd.client.getAll().prefix(loginFailurePrefix('user:cc')).exec()).kvs;
    const ttls = await Promise.all(kvs.map((kv) => etcd.client.leaseClient.leaseTimeToLive({ ID: kv.lease, keys: false })));
    expect(ttls.map((t) => Number(t.TTL) > 0 && Number(t.TTL) <= 56)).toEqual([true, true]);
  });
});
