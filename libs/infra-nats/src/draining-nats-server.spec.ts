import { describe, expect, it, jest } from '@jest/globals';
import type { Msg, NatsConnection } from '@nats-io/transport-node';
import { throwError } from 'rxjs';
import { z } from 'zod';
import { Events, StsError } from '#contracts';
import { AnswerConnection } from './answer-connection.js';
import { ANSWERED_ELSEWHERE } from './answered-elsewhere.js';
import { DIRECT_REQUEST } from './direct-request.js';
import { DrainingNatsServer, NatsRequestContext } from './draining-nats-server.js';
import { eventEnvelope } from './envelopes.js';
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

/** What was sent, as text: Nest's path hands nats.js a string, the direct path bytes. */
const sent = async (respond: jest.Mock): Promise<string[]> => {
  // The replies leave at the end of the event-loop turn; Nest's error path adds a nextTick.
  await endOfEventLoopTurn();
  await new Promise((resolve) => setImmediate(resolve));
  return respond.mock.calls.map(([data]) => (typeof data === 'string' ? data : Buffer.from(data as Uint8Array).toString()));
};
const replies = async (respond: jest.Mock) => (await sent(respond)).map((text) => JSON.parse(text) as unknown);

const IssueSchema = z.object({ n: z.number() });

/** A server with one DirectRequest handler on SUBJECT, as natsTransport's serveDirectly hands it over. */
function directServerWith(call: (request: unknown, context: NatsRequestContext) => unknown) {
  const server = new DrainingNatsServer({ servers: ['nats://127.0.0.1:1'], queue: 'spec' }, 100);
  const handler = jest.fn(call);
  server.serveDirectly([{ subject: SUBJECT, schema: IssueSchema, call: handler, name: 'Spec.issue' }]);
  return { server, handler };
}

/** A message whose bytes are the envelope, as nats.js delivers it (the direct path reads the bytes). */
function directMessage(reply: string | undefined, data: unknown = { n: 1 }) {
  const body = { pattern: SUBJECT, data, id: 'id-1' };
  const respond = jest.fn(() => true);
  const msg = { subject: SUBJECT, reply, headers: undefined, data: Buffer.from(JSON.stringify(body)), json: () => body, respond } as unknown as Msg;
  return { msg, respond };
}

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
    expect(publish).toHaveBeenCalledWith(Events.CredentialsIssued, eventEnvelope(Events.CredentialsIssued, { credentials: [] }));
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

  it('answers a DirectRequest with the bytes Nest’s path sends for the same value, and hands it the parsed request and reply subject', async () => {
    const value = { accessKeyId: 'AKIA', expiration: '2026-12-03T14:00:00.000Z', policies: ['readwrite'] };
    const nest = message('_INBOX.api-gateway.x.5');
    await serverWith(async () => value).handleMessage(SUBJECT, nest.msg);
    let seen: string | undefined;
    const { server, handler } = directServerWith(async (_request, context) => {
      seen = context.replyTo;
      return value;
    });
    const direct = directMessage('_INBOX.api-gateway.x.5');
    await server.handleMessage(SUBJECT, direct.msg);
    expect(await sent(direct.respond)).toEqual(await sent(nest.respond));
    expect(handler).toHaveBeenCalledWith({ n: 1 }, expect.any(NatsRequestContext));
    expect(seen).toBe('_INBOX.api-gateway.x.5');
  });

  it('answers a DirectRequest’s coded error with the bytes Nest’s path and its error filter send', async () => {
    const nest = message('_INBOX.api-gateway.x.6');
    await serverWith(async () => throwError(() => ({ code: 'AccessDenied', message: 'no' }))).handleMessage(SUBJECT, nest.msg);
    const { server } = directServerWith(async () => {
      throw new StsError('AccessDenied', 'no', { cause: new Error('internal detail') });
    });
    const direct = directMessage('_INBOX.api-gateway.x.6');
    await server.handleMessage(SUBJECT, direct.msg);
    expect(await sent(direct.respond)).toEqual(await sent(nest.respond));
  });

  it('refuses a DirectRequest whose payload fails its schema, without calling the handler', async () => {
    const { server, handler } = directServerWith(async () => 'never');
    const { msg, respond } = directMessage('_INBOX.api-gateway.x.7', { n: 'one' });
    await server.handleMessage(SUBJECT, msg);
    expect(handler).not.toHaveBeenCalled();
    expect(await replies(respond)).toEqual([{ err: { code: 'InvalidParameterValue', message: 'The request was malformed.' }, isDisposed: true, id: 'id-1' }]);
  });

  it('answers an unexpected DirectRequest failure as InternalError, never with its text', async () => {
    const { server } = directServerWith(async () => {
      throw new Error('etcd at 10.0.0.7 said no');
    });
    const { msg, respond } = directMessage('_INBOX.api-gateway.x.8');
    await server.handleMessage(SUBJECT, msg);
    const [answer] = await sent(respond);
    expect(JSON.parse(answer)).toEqual(expect.objectContaining({ err: expect.objectContaining({ code: 'InternalError' }), id: 'id-1' }));
    expect(answer).not.toContain('10.0.0.7');
  });

  it('never calls a DirectRequest handler for a message that is not a request (Nest would, as an event, unvalidated)', async () => {
    const { server, handler } = directServerWith(async () => 'never');
    for (const body of [{ pattern: SUBJECT, data: { n: 'one' } }, { n: 'one' }]) {
      const respond = jest.fn(() => true);
      const msg = { subject: SUBJECT, reply: '_INBOX.api-gateway.x.11', headers: undefined, data: Buffer.from(JSON.stringify(body)), json: () => body, respond } as unknown as Msg;
      await server.handleMessage(SUBJECT, msg);
      expect(await sent(respond)).toEqual([]);
    }
    const notJson = { subject: SUBJECT, reply: undefined, headers: undefined, data: Buffer.from('{'), respond: jest.fn() } as unknown as Msg;
    await server.handleMessage(SUBJECT, notJson);
    expect(handler).not.toHaveBeenCalled();
  });

  it('sends nothing for a DirectRequest handed on, nor on a reply subject outside the inboxes', async () => {
    const elsewhere = directServerWith(async () => ANSWERED_ELSEWHERE);
    const handedOn = directMessage('_INBOX.api-gateway.x.9');
    await elsewhere.server.handleMessage(SUBJECT, handedOn.msg);
    const leaking = directServerWith(async () => ({ secret: 'x' }));
    const onEvent = directMessage('sts.events.audit');
    await leaking.server.handleMessage(SUBJECT, onEvent.msg);
    expect([...(await sent(handedOn.respond)), ...(await sent(onEvent.respond))]).toEqual([]);
  });

  it('waits on close for a DirectRequest still being answered', async () => {
    let finish: (value: unknown) => void = () => undefined;
    const { server } = directServerWith(() => new Promise((resolve) => (finish = resolve)));
    const drain = jest.fn(async () => undefined);
    const connection = { subscribe: () => ({ drain }), drain, isClosed: () => false, close: async () => undefined } as unknown as NatsConnection;
    jest.spyOn(server, 'unwrap').mockReturnValue(connection as never);
    const { msg, respond } = directMessage('_INBOX.api-gateway.x.10');
    const handled = server.handleMessage(SUBJECT, msg);
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(false);
    finish('done');
    await Promise.all([handled, closing]);
    expect(respond).toHaveBeenCalledTimes(1);
  });

  it('does not start with a DirectRequest handler that was not handed to it (it would run unvalidated on Nest’s path)', () => {
    const server = new DrainingNatsServer({ servers: ['nats://127.0.0.1:1'], queue: 'spec' }, 1000);
    server.addHandler(SUBJECT, Object.assign(async () => 'ok', { isEventHandler: false }) as never, false, { [DIRECT_REQUEST]: true });
    const connection = { subscribe: jest.fn() } as unknown as NatsConnection;
    expect(() => server.bindEvents(connection)).toThrow(/not handed to the server: sts.credentials.issue/);
    expect(connection.subscribe).not.toHaveBeenCalled();
  });
});
