import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CredentialRecord } from '#domain';
import { connectEtcd, EtcdCredentialStore, EtcdGroupStore, EtcdKeyringStore, EtcdPolicyMappingStore, EtcdUserStore, type EtcdConnection } from '#infra-etcd';
import { freePorts, startEtcd, type ServerHandle } from '../scripts/lib/servers.mjs';

let dir: string;
let server: ServerHandle;
let etcd: EtcdConnection;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sts-etcd-'));
  const [clientPort, peerPort] = await freePorts(2);
  server = await startEtcd({ clientPort, peerPort, dataDir: join(dir, 'etcd'), logFile: join(dir, 'etcd.log'), fast: true });
  etcd = connectEtcd({ endpoints: [server.url], prefix: 'deployment-a/', timeoutMs: 2000 });
}, 30_000);

afterAll(async () => {
  etcd?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const record = (accessKey: string, lifetimeMs = 900_000): CredentialRecord => ({
  version: 1, accessKey, secretKey: { kms: 'k', iv: 'aXZpdml2aXZpdml2', ct: 'Y2lwaGVydGV4dA==', tag: 'dGFndGFndGFndGFndGFnIQ==' }, sessionTokenSha256: 'ab'.repeat(32),
  parent: 'root/user', provider: 'root', kid: 'kid', issuedAt: Date.now(), expiresAt: Date.now() + lifetimeMs,
});

describe(EtcdCredentialStore.name, () => {
  it('writes many concurrent credentials under the deployment prefix, all found through fewer index entries', async () => {
    const sut = new EtcdCredentialStore(etcd);
    const keys = Array.from({ length: 150 }, (_, i) => `CONCURRENT${String(i).padStart(10, '0')}`);
    expect(await Promise.all(keys.map((k) => sut.create(record(k))))).toEqual(keys.map(() => true));
    const raw = connectEtcd({ endpoints: [server.url], prefix: '', timeoutMs: 2000 });
    expect(await raw.client.getAll().prefix('deployment-a/sts/credentials/CONCURRENT').count()).toBe(150);
    // One entry per transaction (MAX_BATCH 64 credentials at most): 3 to 150 of them.
    const entries = await raw.client.getAll().prefix('deployment-a/sts/by-parent/root%2Fuser/CONCURRENT').count();
    expect(entries).toBeGreaterThanOrEqual(3);
    expect(entries).toBeLessThan(150);
    raw.close();
    expect((await sut.get(keys[42]))?.accessKey).toBe(keys[42]);
    expect((await sut.list('root/user')).map((r) => r.accessKey).filter((k) => k.startsWith('CONCURRENT')).sort()).toEqual(keys);
  });

  it('revokes by parent across entries of earlier releases and grouped ones, keeping an entry while a credential it lists is left', async () => {
    const sut = new EtcdCredentialStore(etcd);
    const parent = 'revoked/user';
    const old = { ...record('OLDENTRY000000000000'), parent };
    await etcd.keys.put('sts/credentials/OLDENTRY000000000000').value(JSON.stringify(old));
    await etcd.keys.put('sts/by-parent/revoked%2Fuser/OLDENTRY000000000000').value('');
    const grouped = Array.from({ length: 5 }, (_, i) => ({ ...record(`GROUPED${String(i).padStart(13, '0')}`), parent }));
    expect(await Promise.all(grouped.map((r) => sut.create(r)))).toEqual(grouped.map(() => true));
    const entries = async () => Object.keys(await etcd.keys.getAll().prefix('sts/by-parent/revoked%2Fuser/').strings()).sort();
    // Created in one turn, the five go in one transaction: one entry named by the first.
    expect(await entries()).toEqual(['sts/by-parent/revoked%2Fuser/GROUPED0000000000000', 'sts/by-parent/revoked%2Fuser/OLDENTRY000000000000']);
    const listed = async () => (await sut.list(parent)).map((r) => r.accessKey).sort();
    expect(await listed()).toEqual([...grouped.map((r) => r.accessKey), old.accessKey]);

    // The entry's name and one it lists are revoked: the entry stays for the other three.
    await sut.remove([grouped[0], grouped[3], old]);
    expect(await sut.get(grouped[0].accessKey)).toBeNull();
    expect(await entries()).toEqual(['sts/by-parent/revoked%2Fuser/GROUPED0000000000000']);
    expect(await listed()).toEqual([grouped[1], grouped[2], grouped[4]].map((r) => r.accessKey));

    await sut.remove(await sut.list(parent));
    expect(await listed()).toEqual([]);
    expect(await entries()).toEqual([]);
  });

  it('writes the credentials created while a write is in flight together, in the next transaction', async () => {
    const sut = new EtcdCredentialStore(etcd);
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    let firstDone = false;
    const first = sut.create(record('GROUPFIRST0000000000')).finally(() => (firstDone = true));
    await turn(); // the first write is now on its way to etcd
    // One credential per event-loop turn, until the first write is answered: each was a transaction of its own before.
    const later: Array<Promise<boolean>> = [];
    while (!firstDone && later.length < 50) {
      later.push(sut.create(record(`GROUPLATER${String(later.length).padStart(10, '0')}`)));
      await turn();
    }
    expect(await Promise.all([first, ...later])).toEqual(Array(later.length + 1).fill(true));
    expect(later.length).toBeGreaterThanOrEqual(2);
    const revision = async (accessKey: string) => Number((await etcd.keys.get(`sts/credentials/${accessKey}`).exec()).kvs[0].mod_revision);
    const laterRevisions = new Set(await Promise.all(later.map((_, i) => revision(`GROUPLATER${String(i).padStart(10, '0')}`))));
    // One etcd transaction is one revision: they all went in the one after the first.
    expect(laterRevisions.size).toBe(1);
    expect([...laterRevisions][0]).toBeGreaterThan(await revision('GROUPFIRST0000000000'));
  });

  it('refuses an access key that is already taken without losing the others written with it', async () => {
    const sut = new EtcdCredentialStore(etcd);
    expect(await sut.create(record('TAKEN000000000000000'))).toBe(true);
    const results = await Promise.all([sut.create(record('FRESH000000000000001')), sut.create(record('TAKEN000000000000000')), sut.create(record('FRESH000000000000002'))]);
    expect(results).toEqual([true, false, true]);
    expect(await sut.get('FRESH000000000000002')).not.toBeNull();
  });

  it('fails a malformed record alone, and stores the others of its transaction', async () => {
    const sut = new EtcdCredentialStore(etcd);
    const malformed = { ...record('MALFORMED00000000000'), sessionTokenSha256: 'not a digest' };
    const results = await Promise.allSettled([sut.create(record('BESIDE00000000000001')), sut.create(malformed), sut.create(record('BESIDE00000000000002'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'ServiceUnavailable' });
    expect(await sut.get('BESIDE00000000000002')).not.toBeNull();
    expect(await sut.get('MALFORMED00000000000')).toBeNull();
  });

  it('reads records written as JSON before the compact format beside compact ones, and stores the compact one in half the bytes', async () => {
    const sut = new EtcdCredentialStore(etcd);
    const old = { ...record('JSONRECORD0000000000'), parent: 'upgraded-user', policies: ['readonly'] };
    await etcd.keys.put('sts/credentials/JSONRECORD0000000000').value(JSON.stringify(old));
    await etcd.keys.put('sts/by-parent/upgraded-user/JSONRECORD0000000000').value('');
    const fresh = { ...record('COMPACT0000000000000'), parent: 'upgraded-user' };
    expect(await sut.create(fresh)).toBe(true);
    expect(await sut.get(old.accessKey)).toEqual(old);
    expect(await sut.get(fresh.accessKey)).toEqual(fresh);
    const listed = await sut.list('upgraded-user');
    expect(listed.sort((a, b) => a.accessKey.localeCompare(b.accessKey))).toEqual([fresh, old]);
    expect((await sut.list()).filter((r) => r.parent === 'upgraded-user')).toHaveLength(2);
    const stored = (await etcd.keys.get(`sts/credentials/${fresh.accessKey}`).buffer())!;
    expect(stored.length * 2).toBeLessThanOrEqual(Buffer.byteLength(JSON.stringify(fresh)));
  });

  it('attaches the record to a lease that ends within five seconds after the credential', async () => {
    const sut = new EtcdCredentialStore(etcd);
    await sut.create(record('LEASED00000000000000', 60_000));
    const kv = (await etcd.keys.get('sts/credentials/LEASED00000000000000').exec()).kvs[0];
    const { TTL } = await etcd.client.leaseClient.leaseTimeToLive({ ID: kv.lease, keys: false });
    expect(Number(TTL)).toBeGreaterThanOrEqual(59);
    expect(Number(TTL)).toBeLessThanOrEqual(66);
  });

  it('lets etcd remove the record once its lease runs out', async () => {
    const sut = new EtcdCredentialStore(etcd);
    await sut.create(record('SHORTLIVED0000000000', 1_000));
    expect(await sut.get('SHORTLIVED0000000000')).not.toBeNull();
    const deadline = Date.now() + 15_000;
    while ((await sut.get('SHORTLIVED0000000000')) !== null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(await sut.get('SHORTLIVED0000000000')).toBeNull();
  }, 20_000);
});

describe(EtcdKeyringStore.name, () => {
  it('lets exactly one of several racing issuers create the first key', async () => {
    const stores = [new EtcdKeyringStore(etcd), new EtcdKeyringStore(etcd), new EtcdKeyringStore(etcd)];
    const key = (kid: string) => ({ kid, secret: { kms: 'k', iv: 'i', ct: 'c', tag: 't' }, state: 'active' as const, createdAt: 1 });
    const won = await Promise.all(stores.map((s, i) => s.createFirst(key(`kid-${i}`))));
    expect(won.filter(Boolean)).toHaveLength(1);
    expect(await stores[0].list()).toHaveLength(1);
  });
});

describe(EtcdUserStore.name, () => {
  it('sees a change made by another process through its watch', async () => {
    const reader = new EtcdUserStore(etcd);
    await reader.watch();
    const writer = new EtcdUserStore(etcd);
    const user = (status: 'enabled' | 'disabled') => ({ version: 1 as const, accessKey: 'watched', secretKey: { kms: 'k', iv: 'i', ct: 'c', tag: 't' }, status, createdAt: 1 });
    await writer.put(user('enabled'));
    expect((await reader.get('watched'))?.status).toBe('enabled');
    await writer.put(user('disabled'));
    const deadline = Date.now() + 5000;
    while ((await reader.get('watched'))?.status !== 'disabled' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect((await reader.get('watched'))?.status).toBe('disabled');
    await reader.close();
  });
});

describe('IAM reads asked together', () => {
  const user = (accessKey: string, status: 'enabled' | 'disabled' = 'enabled') =>
    ({ version: 1 as const, accessKey, secretKey: { kms: 'k', iv: 'i', ct: 'c', tag: 't' }, status, createdAt: 1 });

  it('answers each read with its own record, over more reads than one etcd transaction holds, and sees a write acknowledged just before', async () => {
    const users = new EtcdUserStore(etcd);
    const groups = new EtcdGroupStore(etcd);
    const mappings = new EtcdPolicyMappingStore(etcd);
    const names = Array.from({ length: 140 }, (_, i) => `batched/${i}`);
    await Promise.all(names.map((name) => users.put(user(name))));
    await groups.put({ version: 1, name: 'batched team', members: ['batched/7'], updatedAt: 1 });
    await mappings.set('users', 'batched/7', ['readonly']);
    const [found, missing, listed, mapped, again] = await Promise.all([
      Promise.all(names.map((name) => users.get(name))), users.get('batched/none'), groups.list(), mappings.get('users', 'batched/7'), users.get('batched/7'),
    ]);
    expect(found.map((record) => record?.accessKey)).toEqual(names);
    expect([missing, listed.map((g) => g.name), mapped, again?.accessKey]).toEqual([null, ['batched team'], ['readonly'], 'batched/7']);
    await users.put(user('batched/7', 'disabled'));
    await mappings.set('users', 'batched/7', []);
    expect(await Promise.all([users.get('batched/7').then((u) => u?.status), mappings.get('users', 'batched/7')])).toEqual(['disabled', []]);
  });
});

