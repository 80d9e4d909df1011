import { Logger } from '@nestjs/common';
import { NatsContext, ServerNats, type NatsOptions } from '@nestjs/microservices';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { isObservable } from 'rxjs';
import type { AnswerConnection } from './answer-connection.js';
import { ANSWERED_ELSEWHERE } from './answered-elsewhere.js';
import { endOfEventLoopTurn } from './write-coalescing.js';

type NatsServerOptions = Required<NatsOptions>['options'];
type Packet = { err?: unknown; isDisposed?: boolean };

/** Every requester's replies come to its `_INBOX.<app>` prefix (nats-security.ts); nothing else is a reply subject. */
const REPLY_PREFIX = '_INBOX.';

const isInbox = (reply: string | undefined): boolean => reply !== undefined && reply.startsWith(REPLY_PREFIX);

/** The handler's context, with the subject the caller expects the answer on (for a handler that hands the answer on). */
export class NatsRequestContext extends NatsContext {
  constructor(subject: string, headers: Msg['headers'], readonly replyTo: string | undefined) {
    super([subject, headers]);
  }
}

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
 * (AnswerConnection.afterAnswers); without it they leave at the end of the event-loop turn.
 */
export class DrainingNatsServer extends ServerNats {
  private readonly log = new Logger(DrainingNatsServer.name);
  private readonly served: Subscription[] = [];
  private unanswered = 0;
  private allAnswered?: () => void;

  constructor(
    private readonly natsOptions: NatsServerOptions,
    private readonly stepMs: number,
    private readonly leavingEvent?: string,
    private readonly answers?: AnswerConnection,
  ) {
    super({ ...natsOptions, gracefulShutdown: false });
  }

  /** Nest's subscriptions, kept so that close() can drain them (Nest keeps its list private). */
  override bindEvents(client: NatsConnection): void {
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
   * A request whose handler returns a value is answered with it directly. Nest would wrap the
   * promise in an Observable (fromPromise, mergeMap, catchError, finalize, a subscription and a
   * nextTick queue) to send the same one packet; that was about a seventh of the issuer's CPU.
   * Errors (the filter answers with an Observable), streams, events and unknown subjects keep Nest's path.
   */
  override async handleMessage(channel: string, natsMsg: Msg): Promise<unknown> {
    const message = (await this.deserializer.deserialize(natsMsg, { channel, replyTo: natsMsg.reply })) as { id?: string; data?: unknown };
    const handler = this.getHandlerByPattern(channel);
    if (message.id === undefined || !handler) return super.handleMessage(channel, natsMsg);
    const context = new NatsRequestContext(natsMsg.subject, natsMsg.headers, natsMsg.reply);
    const publish = this.getPublisher(natsMsg, message.id, context);
    const result: unknown = await handler(message.data, context);
    if (isObservable(result)) return this.send(result, publish);
    if (result === ANSWERED_ELSEWHERE) return isInbox(natsMsg.reply) ? this.answered() : undefined;
    return publish({ response: result, isDisposed: true } as Packet);
  }

  /**
   * Counts each request from when it is taken until its final reply is handed to the client. Replies
   * wait for the end of the event-loop turn, so those finished in one turn leave in one socket write
   * (endOfEventLoopTurn); doing it here rather than in a global interceptor spares every message
   * Nest's interceptor pipeline. A reply subject outside `_INBOX.` gets no answer: a caller must not
   * turn this service's answer into a message on a subject of its choosing (an event, the audit stream).
   */
  override getPublisher(natsMsg: Msg, id: string, ctx: Parameters<ServerNats['getPublisher']>[2]): (response: Packet) => Promise<unknown> | void {
    if (!isInbox(natsMsg.reply)) {
      if (natsMsg.reply) this.log.warn(`not answering a request whose reply subject is not an inbox: ${natsMsg.reply.slice(0, 64)}`);
      return () => undefined;
    }
    const publish = super.getPublisher(natsMsg, id, ctx) as (response: Packet) => unknown;
    this.unanswered++;
    return async (response) => {
      await (this.answers ? this.answers.afterAnswers() : endOfEventLoopTurn());
      try {
        return publish(response);
      } finally {
        if (response.isDisposed || response.err !== undefined) this.answered();
      }
    };
  }

  override async close(): Promise<void> {
    const connection = this.connection();
    if (connection && !connection.isClosed()) {
      await this.within(Promise.allSettled(this.served.map((subscription) => subscription.drain())));
      if (this.leavingEvent) this.announceLeaving(connection, this.leavingEvent);
      if (this.unanswered > 0) await this.within(new Promise<void>((resolve) => (this.allAnswered = resolve)));
      await this.within(connection.drain().catch(() => undefined));
    }
    await super.close();
  }

  private announceLeaving(connection: NatsConnection, event: string): void {
    try {
      connection.publish(event, JSON.stringify({ pattern: event, data: { queue: this.natsOptions.queue } }));
    } catch (error) {
      this.log.warn(`could not announce leaving on ${event}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private answered(): void {
    this.unanswered = Math.max(0, this.unanswered - 1);
    if (this.unanswered === 0) this.allAnswered?.();
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
