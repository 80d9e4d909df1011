import { describe, expect, it } from '@jest/globals';
import { headers as natsHeaders, type Msg, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import { NoResponders, ReplyInbox, ReplyTimeout } from './reply-inbox.js';

/** A connection that records publishes and lets the test deliver messages to the inbox subscription. */
function fakeConnection() {
  const published: Array<{ subject: string; data: string; reply: string; headers?: MsgHdrs }> = [];
  let deliver: (msg: Msg) => void = () => undefined;
  const connection = {
    subscribe: (_subject: string, { callback }: { callback: (error: unknown, msg: Msg) => void }) => {
      deliver = (msg) => callback(null, msg);
      return { unsubscribe: () => undefined };
    },
    publish: (subject: string, data: string, { reply, headers }: { reply: string; headers?: MsgHdrs }) => published.push({ subject, data, reply, headers }),
  } as unknown as NatsConnection;
  const reply = (to: string, data: string, code?: number) => deliver({ subject: to, data: new TextEncoder().encode(data), headers: code ? { code } : undefined, string: () => data } as unknown as Msg);
  return { connection, published, reply };
}

describe('ReplyInbox', () => {
  it('publishes each request with its own reply subject under the app inbox and resolves with its reply', async () => {
    const { connection, published, reply } = fakeConnection();
    const inbox = new ReplyInbox(connection, '_INBOX.spec');
    const first = inbox.request('sts.a', 'one', 1000);
    const second = inbox.request('sts.b', 'two', 1000);
    expect(published.map((p) => p.subject)).toEqual(['sts.a', 'sts.b']);
    expect(published[0].reply).toMatch(/^_INBOX\.spec\.\w+\.\w+$/);
    expect(published[0].reply).not.toBe(published[1].reply);
    reply(published[1].reply, 'for two');
    reply(published[0].reply, 'for one');
    expect((await first).string()).toBe('for one');
    expect((await second).string()).toBe('for two');
  });

  it('sends the headers it is given with the request', async () => {
    const { connection, published, reply } = fakeConnection();
    const headers = natsHeaders();
    headers.set('Nats-Msg-Id', 'm1');
    const pending = new ReplyInbox(connection, '_INBOX.spec').request('sts.a', 'x', 1000, headers);
    expect(published[0].headers?.get('Nats-Msg-Id')).toBe('m1');
    reply(published[0].reply, 'ok');
    await expect(pending).resolves.toBeDefined();
  });

  it("rejects with NoResponders on nats-server's 503 status", async () => {
    const { connection, published, reply } = fakeConnection();
    const pending = new ReplyInbox(connection, '_INBOX.spec').request('sts.a', 'x', 1000);
    reply(published[0].reply, '', 503);
    await expect(pending).rejects.toBeInstanceOf(NoResponders);
  });

  it('rejects with ReplyTimeout after the deadline and ignores a reply that comes later', async () => {
    const { connection, published, reply } = fakeConnection();
    const pending = new ReplyInbox(connection, '_INBOX.spec').request('sts.a', 'x', 20);
    await expect(pending).rejects.toBeInstanceOf(ReplyTimeout);
    expect(() => reply(published[0].reply, 'late')).not.toThrow();
  });
});
