import { EventEmitter } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import type { EtcdConnection } from './etcd-client.js';
import { ResilientPrefixWatch } from './resilient-watch.js';

/** Just what the watch uses of an etcd3 client: a ranged read for the revision, a watch builder, close. */
class FakeConnection {
  readonly events: string[] = [];
  closed = false;
  cancelHangs = false;
  readonly watcher = Object.assign(new EventEmitter(), {
    cancel: () => {
      this.events.push(this.closed ? 'cancel on a closed client' : 'cancel');
      return this.cancelHangs ? new Promise<void>(() => undefined) : Promise.resolve();
    },
  });

  readonly keys = {
    getAll: () => ({ prefix: () => ({ limit: () => ({ exec: async () => ({ header: { revision: '41' } }) }) }) }),
    watch: () => {
      const builder = { prefix: () => builder, startRevision: () => builder, only: () => builder, create: async () => this.watcher };
      return builder;
    },
  };

  close(): void {
    this.closed = true;
    this.events.push('close');
  }
}

const startWatch = async (connection: FakeConnection) => {
  const watch = new ResilientPrefixWatch(() => connection as unknown as EtcdConnection, 'iam/', { onResync: () => undefined });
  await watch.start();
  expect(watch.healthy).toBe(true);
  return watch;
};

describe('ResilientPrefixWatch.stop', () => {
  it('cancels the watch on its live client, then closes the client', async () => {
    const connection = new FakeConnection();
    await (await startWatch(connection)).stop();
    expect(connection.events).toEqual(['cancel', 'close']);
  });

  it('closes the client after a second when etcd does not confirm the cancel', async () => {
    const connection = new FakeConnection();
    connection.cancelHangs = true;
    const watch = await startWatch(connection);
    const began = Date.now();
    await watch.stop();
    expect(Date.now() - began).toBeGreaterThanOrEqual(900);
    expect(connection.events).toEqual(['cancel', 'close']);
  });

  it('does not wait on a watch that lost etcd: it just closes the client', async () => {
    const connection = new FakeConnection();
    const watch = await startWatch(connection);
    connection.watcher.emit('disconnected', new Error('etcd away'));
    await watch.stop();
    expect(connection.events).toEqual(['close']);
  });
});
