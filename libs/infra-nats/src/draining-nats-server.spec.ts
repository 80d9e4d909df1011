import { describe, expect, it, jest } from '@jest/globals';
import type { Msg, NatsConnection } from '@nats-io/transport-node';
import { throwError } from 'rxjs';
import { Events } from '#contracts';
import { AnswerConnection } from './answer-connection.js';
import { ANSWERED_ELSEWHERE } from './answered-elsewhere.js';
import { DrainingNatsServer, NatsRequestContext } from './draining-nats-server.js';
import { endOfEventLoopTurn } from './write-coalescing.js';

const SUBJECT = 'sts.credentials.issue';

function serverWith(handler: (data: unknown, context: NatsRequestContext) => Promise<unknown>) {
  const server = new DrainingNatsServer({ servers: ['nats://127.0.0.1:1'], queue: 'spec' }, 100);
  server.addHandler(SUBJECT, Object.assign(handler, { isEventHandler: false }) as never);
  return server;
}

function message(reply: string | undefined, data: unknown = { pattern: SUBJECT, data: { n: 1 }, id: 'id-1' }) {
  const respond = jest.fn(() => true);
  const msg = { subject: SUBJECT, reply, headers: undefined, data: new Uint8Array(1), json: () => data, respond } as unknown as Msg;
  return { msg, respond };
}

/** The replies leave at the end of the event-loop turn; Nest's error path adds a nextTick. */
const replies = async (respond: jest.Mock) => {
  await endOfEventLoopTurn();
  await new Promise((resolve) => setImmediate(resolve));
  return respond.mock.calls.map((call) => JSON.parse(call[0] as string));
};

describe('DrainingNatsServer', () => {
  it('finds the handler of a plain subject without parsing it as a JSON pattern', () => {
    const server = serverWith(async () => 'ok');
    const parse = jest.spyOn(JSON, 'parse');
    try {
      expect(server.getHandlerByPattern(SUBJECT)).not.toBeNull();
      expect(parse).not.toHaveBeenCalled();
      expect(server.getHandlerByPattern('sts.unknown')).toBeNull();
    } finally {
      parse.mockRestore();
    }
  });

  it('answers a handler’s value with one packet, as Nest would, and hands the handler the reply subject', async () => {
    let seen: string | undefined;
    const server = serverWith(async (data, context) => {
      seen = context.replyTo;
      return { echoed: data };
    });
    const { msg, respond } = message('_INBOX.api-gateway.x.1');
    await server.handleMessage(SUBJECT, msg);
    expect(await replies(respond)).toEqual([{ response: { echoed: { n: 1 } }, isDisposed: true, id: 'id-1' }]);
    expect(seen).toBe('_INBOX.api-gateway.x.1');
  });

  it('answers a handler’s error through Nest’s path', async () => {
    const server = serverWith(async () => throwError(() => ({ code: 'AccessDenied', message: 'no' })));
    const { msg, respond } = message('_INBOX.api-gateway.x.2');
    await server.handleMessage(SUBJECT, msg);
    expect(await replies(respond)).toEqual([expect.objectContaining({ err: { code: 'AccessDenied', message: 'no' }, id: 'id-1' })]);
  });

  it('sends nothing when the handler handed the request on', async () => {
    const server = serverWith(async () => ANSWERED_ELSEWHERE);
    const { msg, respond } = message('_INBOX.api-gateway.x.3');
    await server.handleMessage(SUBJECT, msg);
    expect(await replies(respond)).toEqual([]);
  });

  it('does not answer on a reply subject outside the inboxes (an event or stream subject of the caller’s choosing)', async () => {
    const server = serverWith(async () => ({ secret: 'x' }));
    const { msg, respond } = message('sts.events.audit');
    await server.handleMessage(SUBJECT, msg);
    expect(await replies(respond)).toEqual([]);
  });

  it('hands its connection to the answer connection, where events then leave in Nest’s envelope', () => {
    const answers = new AnswerConnection();
    const server = new DrainingNatsServer({ servers: ['nats://127.0.0.1:1'], queue: 'spec' }, 100, undefined, answers);
    const publish = jest.fn();
    const connection = { subscribe: jest.fn(), publish, isClosed: () => false, isDraining: () => false } as unknown as NatsConnection;
    expect(answers.emit(Events.CredentialsIssued, { credentials: [] })).toBe(false);
    server.bindEvents(connection);
    expect(answers.emit(Events.CredentialsIssued, { credentials: [] })).toBe(true);
    expect(publish).toHaveBeenCalledWith(Events.CredentialsIssued, JSON.stringify({ pattern: Events.CredentialsIssued, data: { credentials: [] } }));
  });

  it('with an answer connection, answers at the end of the callback that settled the answer, ahead of the rest of the turn', async () => {
    const order: string[] = [];
    const settle = (server: DrainingNatsServer, reply: string) => {
      const { msg, respond } = message(reply);
      respond.mockImplementation(() => {
        order.push(reply);
        return true;
      });
      return server.handleMessage(SUBJECT, msg);
    };
    // The handler's value comes from an I/O callback (here an immediate); the callback queued right
    // after it (as the next request read in the same turn would be) must not run first.
    const settledThenNext = (name: string) => async () => {
      const settled = new Promise((resolve) => setImmediate(resolve));
      setImmediate(() => order.push(`after ${name}`));
      await settled;
      return 'ok';
    };
    const withAnswers = new DrainingNatsServer({ servers: ['nats://127.0.0.1:1'], queue: 'spec' }, 100, undefined, new AnswerConnection());
    withAnswers.addHandler(SUBJECT, Object.assign(settledThenNext('a'), { isEventHandler: false }) as never);
    const plain = serverWith(settledThenNext('b'));
    await Promise.all([settle(withAnswers, '_INBOX.a.1'), settle(plain, '_INBOX.b.1')]);
    expect(order).toEqual(['_INBOX.a.1', 'after a', 'after b', '_INBOX.b.1']);
  });
});
