import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { natsIdentityOptions, type NatsSecurity } from './nats-security.js';
import { envelopeOf, eventEnvelope, requestEnvelope } from './envelopes.js';
import { NoResponders, ReplyInbox, ReplyTimeout } from './reply-inbox.js';
import { deduplicatedBy, expectStored } from './stream-ack.js';
import { endOfEventLoopTurn } from './write-coalescing.js';
import { answerInboxPrefix, isRpcErrorBody, StsError, type EventMap, type RequestMap, type RequestSubject } from '#contracts';

export interface StsClientOptions {
  servers: string[];
  /** Deadline of one request-reply hop. A silent service must not hang its callers. */
  timeoutMs: number;
  name: string;
  /** The app this client speaks for: its NATS user and its private reply inbox prefix. */
  app: string;
  security?: NatsSecurity;
}

interface NestReply {
  response?: unknown;
  err?: unknown;
}

let nextId = 0;
/** How long a shutdown waits for in-flight messages to leave before closing the connection. */
const DRAIN_MS = 2000;
const DURABLE_RETRY_PAUSE_MS = 250;

/**
 * The only way services call each other: typed by the contracts' RequestMap, always with a deadline.
 * It speaks Nest's NATS envelope (`{ pattern, data, id }` → `{ response | err, id }`) over the
 * one shared reply subscription (ReplyInbox): Nest's own ClientNats subscribes and unsubscribes
 * an inbox per request, which doubled the protocol traffic on the hot path. Requests to an app that
 * hands them on get their own reply subscription under the prefix only that app may answer
 * (answerInboxPrefix in the trust table).
 */
export class StsClient implements OnApplicationShutdown {
  private readonly logger = new Logger(StsClient.name);
  private connection?: NatsConnection;
  /** The reply subscription of each request subject, one per answer inbox prefix. */
  private readonly inboxBySubject = new Map<string, ReplyInbox>();
  private readonly inboxByPrefix = new Map<string, ReplyInbox>();
  /** False from a disconnect until the next reconnect: requests then fail at once, not after their deadline. */
  private connected = false;
  private reconnects = 0;

  constructor(private readonly options: StsClientOptions) {}

  async connect(): Promise<void> {
    this.connection = await connect({
      servers: this.options.servers,
      name: this.options.name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      // A server gone silent without closing the socket is noticed within ~15 s, not nats.js's 4 min.
      pingInterval: 5000,
      maxPingOut: 2,
      // A stack trace captured per request is measurable on the hot path; errors here are coded anyway.
      noAsyncTraces: true,
      ...natsIdentityOptions(this.options.app, this.options.security),
    });
    this.connected = true;
    void this.followStatus(this.connection);
  }

  /** Whether the bus is reachable now. */
  isConnected(): boolean {
    return this.connected;
  }

  /** How often the bus came back after a loss: an event published while it was away was missed. */
  get reconnections(): number {
    return this.reconnects;
  }

  async request<S extends RequestSubject>(subject: S, payload: RequestMap[S]['req'], timeoutMs = this.options.timeoutMs): Promise<RequestMap[S]['res']> {
    if (!this.connected) throw new StsError('ServiceUnavailable', 'The message bus is unreachable; please try again.');
    const envelope = requestEnvelope(subject, payload, `${process.pid}-${++nextId}`);
    let reply: NestReply;
    try {
      await endOfEventLoopTurn();
      reply = envelopeOf(await this.replyInbox(subject).request(subject, envelope, timeoutMs)) as NestReply;
    } catch (error) {
      throw this.unavailable(subject, error);
    }
    if (reply.err !== undefined && reply.err !== null) {
      if (isRpcErrorBody(reply.err)) throw new StsError(reply.err.code, reply.err.message, { admin: reply.err.admin });
      this.logger.error(`unexpected error reply on ${subject}: ${JSON.stringify(reply.err)}`);
      throw new StsError('InternalError', 'We encountered an internal error generating credentials, please try again.');
    }
    return reply.response as RequestMap[S]['res'];
  }

  /**
   * Publishes a request whose answer goes to `replyTo`, the inbox of whoever asked this service,
   * instead of coming back here (IssueForwarder). Nothing is awaited but the end of the turn.
   */
  async handOn<S extends RequestSubject>(subject: S, payload: RequestMap[S]['req'], replyTo: string): Promise<void> {
    if (!this.connected) throw new StsError('ServiceUnavailable', 'The message bus is unreachable; please try again.');
    const envelope = requestEnvelope(subject, payload, `${process.pid}-${++nextId}`);
    await endOfEventLoopTurn();
    this.nats().publish(subject, envelope, { reply: replyTo });
  }

  /**
   * Fire-and-forget fan-out event, in Nest's event envelope (no id). Events follow a change that is
   * already committed in etcd, so a failed publish is logged and swallowed here, for every caller:
   * it must not turn a done change into an error reply, and receivers have a backstop (the etcd
   * watch, and the gateway cache's re-ask after 60 s). Never throws.
   */
  emit<E extends keyof EventMap>(event: E, payload: EventMap[E]): void {
    try {
      this.nats().publish(event, eventEnvelope(event, payload));
    } catch (error) {
      this.logger.warn(`could not publish ${event}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Publishes to a JetStream stream and waits for the stream's acknowledgement, retrying with the
   * same message id until `deadlineMs` (the stream drops a second copy of an id), because the
   * client discards what it queued while disconnected. Rejects when the stream never took it.
   * The acknowledgement comes to the subject's ReplyInbox like any answer: nats.js's request path
   * (which jetstream's publish takes) builds an Error per request even when it succeeds.
   */
  async publishDurably<E extends keyof EventMap>(event: E, payload: EventMap[E], msgID: string, deadlineMs: number): Promise<void> {
    const data = JSON.stringify(payload);
    const headers = deduplicatedBy(msgID);
    const giveUpAt = Date.now() + deadlineMs;
    for (;;) {
      // While the bus is known to be down, waiting out the deadline only delays the answer.
      if (!this.connected) throw new StsError('ServiceUnavailable', 'The message bus is unreachable; please try again.');
      const left = giveUpAt - Date.now();
      try {
        expectStored(await this.replyInbox(event).request(event, data, Math.max(100, Math.min(left, 1000)), headers));
        return;
      } catch (error) {
        if (Date.now() + DURABLE_RETRY_PAUSE_MS >= giveUpAt) throw error;
        await new Promise((resolve) => setTimeout(resolve, DURABLE_RETRY_PAUSE_MS));
      }
    }
  }

  /** Resolves once the server has every message published so far (before replying "done"). */
  async flush(): Promise<void> {
    await this.nats().flush();
  }

  /**
   * Every instance receives every event (no queue group). Malformed events are logged and dropped:
   * a publisher's bug must not stop the subscriber.
   */
  subscribe<E extends keyof EventMap>(event: E, handler: (payload: EventMap[E]) => void): void {
    this.nats().subscribe(event, {
      callback: (error, msg) => {
        if (error) return this.logger.warn(`subscription to ${event} failed: ${error.message}`);
        try {
          handler((envelopeOf(msg) as { data: EventMap[E] }).data);
        } catch (failure) {
          this.logger.warn(`could not handle ${event}: ${(failure as Error).message}`);
        }
      },
    });
  }

  /** Drains while the bus is reachable, for at most DRAIN_MS; otherwise closes at once (a drain would wait for the server). */
  async onApplicationShutdown(): Promise<void> {
    const connection = this.connection;
    if (!connection || connection.isClosed()) return;
    if (!this.connected) return connection.close();
    const drained = connection.drain().catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, DRAIN_MS)));
    await Promise.race([drained, late]);
    clearTimeout(timer);
    if (!connection.isClosed()) await connection.close().catch(() => undefined);
  }

  private async followStatus(connection: NatsConnection): Promise<void> {
    for await (const status of connection.status()) {
      if ((status.type === 'disconnect' || status.type === 'staleConnection') && this.connected) {
        this.connected = false;
        this.logger.warn('lost the message bus; requests answer ServiceUnavailable until it is back');
      } else if (status.type === 'reconnect') {
        this.reconnects++;
        if (this.connected) continue;
        this.connected = true;
        this.logger.log('message bus reconnected');
      }
    }
  }

  private replyInbox(subject: string): ReplyInbox {
    const known = this.inboxBySubject.get(subject);
    if (known) return known;
    const prefix = answerInboxPrefix(this.options.app, subject);
    const inbox = this.inboxByPrefix.get(prefix) ?? new ReplyInbox(this.nats(), prefix);
    this.inboxByPrefix.set(prefix, inbox);
    this.inboxBySubject.set(subject, inbox);
    return inbox;
  }

  private nats(): NatsConnection {
    if (!this.connection) throw new StsError('ServiceUnavailable', 'The message bus is not connected yet; please try again.');
    return this.connection;
  }

  private unavailable(subject: string, error: unknown): StsError {
    if (error instanceof StsError) return error;
    // The subject stays in the log: a client hears only that a service is missing.
    if (error instanceof ReplyTimeout) {
      this.logger.warn(`no answer in time on ${subject}`);
      return new StsError('ServiceUnavailable', 'A required service did not answer in time; please try again.');
    }
    const noResponders = error instanceof NoResponders;
    this.logger.warn(noResponders ? `no service answers ${subject}` : `request on ${subject} failed: ${error instanceof Error ? error.message : String(error)}`);
    return new StsError('ServiceUnavailable', 'A required service is unavailable; please try again.', { cause: error });
  }
}
