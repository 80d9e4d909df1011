import { Logger } from '@nestjs/common';
import { ServerNats, type NatsOptions } from '@nestjs/microservices';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { isObservable } from 'rxjs';
import { rpcErrorBody } from '#contracts';
import { AnswerAccounting, isInbox } from './answer-accounting.js';
import type { AnswerConnection } from './answer-connection.js';
import { ANSWERED_ELSEWHERE } from './answered-elsewhere.js';
import { DIRECT_REQUEST, type DirectHandler } from './direct-request.js';
import { answerEnvelope, envelopeOf, errorEnvelope, eventEnvelope, requestOf } from './envelopes.js';
import { NatsRequestContext } from './nats-request-context.js';

type NatsServerOptions = Required<NatsOptions>['options'];
type Packet = { err?: unknown; isDisposed?: boolean };

export { NatsRequestContext };

/**
 * Nest's NATS server, stopped the way a replica must leave under load (issue 13: a rolling restart
 * loses no request). Nest's own graceful close unsubscribes (a request the server routed here just
 * before is dropped on arrival), waits a fixed grace period and closes (a reply still being worked
 * on is lost). This one drains its queue subscriptions first (the server stops routing requests
 * here; requests already on the way are still handled), waits until every request taken has been
 * answered, then drains the connection so the last replies leave. Each step is bounded by
 * `stepMs`: the process's own exit deadline stays the outer bound. `leavingEvent`, when given, is
 * published once the queue subscriptions are drained (callers that hand requests on stop doing so).
 * `answers`, when given, is handed the connection once it is up, and says when answers leave
 * (AnswerAccounting.leave).
 */
export class DrainingNatsServer extends ServerNats {
  private readonly log = new Logger(DrainingNatsServer.name);
  private readonly served: Subscription[] = [];
  private readonly direct = new Map<string, DirectHandler>();
  private readonly accounting: AnswerAccounting;

  constructor(
    private readonly natsOptions: NatsServerOptions,
    private readonly stepMs: number,
    private readonly leavingEvent?: string,
    private readonly answers?: AnswerConnection,
  ) {
    super({ ...natsOptions, gracefulShutdown: false });
    this.accounting = new AnswerAccounting(this.log, answers);
  }

  /** The DirectRequest handlers (directRequestHandlers): this server calls them itself. */
  serveDirectly(handlers: DirectHandler[]): void {
    for (const handler of handlers) this.direct.set(handler.subject, handler);
  }

  /**
   * Nest's subscriptions, kept so that close() can drain them (Nest keeps its list private). A
   * DirectRequest handler not handed to serveDirectly would run unvalidated on Nest's path: the
   * server then does not start.
   */
  override bindEvents(client: NatsConnection): void {
    const unserved = [...this.messageHandlers].filter(([subject, handler]) => handler.extras?.[DIRECT_REQUEST] === true && !this.direct.has(subject));
    if (unserved.length > 0) throw new Error(`DirectRequest handlers not handed to the server: ${unserved.map(([subject]) => subject).join(', ')}`);
    this.answers?.attach(client);
    for (const [subject, handler] of this.messageHandlers) {
      const queue = (handler.extras?.queue as string | undefined) ?? this.natsOptions.queue;
      this.served.push(client.subscribe(subject, { queue, callback: this.getMessageHandler(subject).bind(this) }));
    }
  }

  /**
   * The handler of a subscription's subject, found directly: Nest first tries JSON.parse on every
   * message's subject (patterns may be objects), which throws, and so builds an Error, for a
   * plain subject such as ours on every message.
   */
  override getHandlerByPattern(pattern: string): ReturnType<ServerNats['getHandlerByPattern']> {
    return this.messageHandlers.get(pattern) ?? super.getHandlerByPattern(pattern);
  }

  /**
   * A DirectRequest is answered by answerDirectly. On Nest's path, a request whose handler returns
   * a value is answered with it directly: Nest would wrap the promise in an Observable (fromPromise,
   * mergeMap, catchError, finalize, a subscription and a nextTick queue) to send the same one
   * packet. Errors (the filter answers with an Observable), streams, events and unknown subjects
   * keep Nest's path.
   */
  override async handleMessage(channel: string, natsMsg: Msg): Promise<unknown> {
    const direct = this.direct.get(channel);
    if (direct) return this.answerDirectly(direct, natsMsg);
    const message = (await this.deserializer.deserialize(natsMsg, { channel, replyTo: natsMsg.reply })) as { id?: string; data?: unknown };
    const handler = this.getHandlerByPattern(channel);
    if (message.id === undefined || !handler) return super.handleMessage(channel, natsMsg);
    const context = new NatsRequestContext(natsMsg.subject, natsMsg.headers, natsMsg.reply);
    const publish = this.getPublisher(natsMsg, message.id, context);
    const result: unknown = await handler(message.data, context);
    if (isObservable(result)) return this.send(result, publish);
    if (result === ANSWERED_ELSEWHERE) return isInbox(natsMsg.reply) ? this.accounting.answered() : undefined;
    return publish({ response: result, isDisposed: true } as Packet);
  }

  /**
   * Counts each request from when it is taken until its final reply is handed to the client
   * (AnswerAccounting); doing it here rather than in a global interceptor spares every message
   * Nest's interceptor pipeline.
   */
  override getPublisher(natsMsg: Msg, id: string, ctx: Parameters<ServerNats['getPublisher']>[2]): (response: Packet) => Promise<unknown> | void {
    if (!this.accounting.taking(natsMsg)) return () => undefined;
    const publish = super.getPublisher(natsMsg, id, ctx) as (response: Packet) => unknown;
    return async (response) => {
      await this.accounting.leave();
      try {
        return publish(response);
      } finally {
        if (response.isDisposed || response.err !== undefined) this.accounting.answered();
      }
    };
  }

  override async close(): Promise<void> {
    const connection = this.connection();
    if (connection && !connection.isClosed()) {
      await this.within(Promise.allSettled(this.served.map((subscription) => subscription.drain())));
      if (this.leavingEvent) this.announceLeaving(connection, this.leavingEvent);
      await this.within(this.accounting.settled());
      await this.within(connection.drain().catch(() => undefined));
    }
    await super.close();
  }

  /**
   * A DirectRequest: never on Nest's path (a message that is not a request is dropped), the payload
   * parsed with its schema, the handler called, its answer or error
   * (rpcErrorBody, as RpcErrorFilter answers on Nest's path) written as Nest's envelope bytes, with
   * the accounting of getPublisher.
   */
  private async answerDirectly(direct: DirectHandler, natsMsg: Msg): Promise<void> {
    let request: ReturnType<typeof requestOf>;
    try {
      request = requestOf(envelopeOf(natsMsg));
    } catch {
      request = undefined;
    }
    // Nest's path would run the handler for an id-less message as an event, without the schema check.
    if (!request) return this.log.warn(`ignoring a message on ${natsMsg.subject} that is not a request (no id, or not JSON)`);
    const { id, data } = request;
    const answering = this.accounting.taking(natsMsg);
    let answer: Uint8Array;
    try {
      const result = await direct.call(direct.schema.parse(data), new NatsRequestContext(natsMsg.subject, natsMsg.headers, natsMsg.reply));
      if (result === ANSWERED_ELSEWHERE) return answering ? this.accounting.answered() : undefined;
      answer = answerEnvelope(id, result);
    } catch (error) {
      answer = errorEnvelope(id, rpcErrorBody(error, natsMsg.subject, this.log));
    }
    if (!answering) return;
    await this.accounting.leave();
    try {
      natsMsg.respond(answer);
    } finally {
      this.accounting.answered();
    }
  }

  private announceLeaving(connection: NatsConnection, event: string): void {
    try {
      connection.publish(event, eventEnvelope(event, { queue: this.natsOptions.queue }));
    } catch (error) {
      this.log.warn(`could not announce leaving on ${event}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private connection(): NatsConnection | undefined {
    try {
      return this.unwrap<NatsConnection>();
    } catch {
      return undefined; // never connected
    }
  }

  private async within(work: Promise<unknown>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, this.stepMs)))]);
    clearTimeout(timer);
  }
}
