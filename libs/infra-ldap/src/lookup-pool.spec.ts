import { describe, expect, it } from '@jest/globals';
import type { Client } from 'ldapts';
import { DirectoryFailure } from '#domain';
import { LookupPool } from './lookup-pool.js';

interface FakeClient { id: number; isBound: boolean; closed: boolean; unbind(): Promise<void> }

function setup(size = 1, acquireTimeoutMs = 200) {
  const clients: FakeClient[] = [];
  let failNext = false;
  const connect = async () => {
    if (failNext) { failNext = false; throw new DirectoryFailure('unreachable', 'refused'); }
    const client: FakeClient = { id: clients.length + 1, isBound: true, closed: false, async unbind() { this.closed = true; } };
    clients.push(client);
    return client as unknown as Client;
  };
  const pool = new LookupPool(connect, { size, acquireTimeoutMs });
  const use = (work: (c: FakeClient) => Promise<number> = async (c) => c.id) => pool.use((c) => work(c as unknown as FakeClient));
  return { pool, clients, use, failOnce: () => { failNext = true; } };
}

describe(LookupPool.name, () => {
  it('reuses a released connection, also after an ordinary error of the work', async () => {
    const { use, clients } = setup();
    expect(await use()).toBe(1);
    await expect(use(async () => { throw new Error('no such user'); })).rejects.toThrow('no such user');
    expect(await use()).toBe(1);
    expect(clients).toHaveLength(1);
  });

  it('drops a connection after a directory failure or once the server closed it', async () => {
    const { use, clients } = setup();
    await expect(use(async () => { throw new DirectoryFailure('unreachable', 'reset'); })).rejects.toThrow('reset');
    expect(clients[0].closed).toBe(true);
    expect(await use()).toBe(2);
    clients[1].isBound = false;
    expect(await use()).toBe(3);
  });

  it('makes callers beyond its size wait for a release, and gives up after the acquire timeout', async () => {
    const { pool, use } = setup(1, 100);
    let release!: () => void;
    const started = new Promise<void>((running) => {
      void use(() => new Promise((resolve) => { release = () => resolve(1); running(); }));
    });
    const waiting = use();
    await started;
    release();
    expect(await waiting).toBe(1);
    const stuck = use(() => new Promise(() => {}));
    await expect(use()).rejects.toMatchObject({ kind: 'unreachable', message: expect.stringContaining('stayed busy') });
    void stuck;
    await pool.close();
  });

  it('frees the slot of a connection that could not be opened', async () => {
    const { use, failOnce } = setup();
    failOnce();
    await expect(use()).rejects.toMatchObject({ kind: 'unreachable' });
    expect(await use()).toBe(1);
  });
});
