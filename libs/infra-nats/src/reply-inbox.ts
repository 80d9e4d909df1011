import { createInbox, type MsgHdrs, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';

/** No reply within the deadline. */
export class ReplyTimeout extends Error {}

/** nats-server's 503 status: nobody subscribes to the subject. */
export class NoResponders extends Error {}

interface Waiting {
  resolve: (msg: Msg) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Request-reply over one wildcard subscription under the app's private inbox prefix: each request
 * publishes with the reply subject `<inbox>.<n>` and waits in a map. nats.js's own request path
 * does the same but also builds an Error (a stack trace) for every request it completes, a random
 * token and a deadline promise; on the hot path that was a few per cent of each hop's CPU.
 */
export class ReplyInbox {
  private readonly inbox: string;
  private readonly waiting = new Map<string, Waiting>();
  private readonly subscription: Subscription;
  private next = 0;

  constructor(private readonly connection: NatsConnection, inboxPrefix: string) {
    this.inbox = createInbox(inboxPrefix);
    this.subscription = connection.subscribe(`${this.inbox}.*`, { callback: (_error, msg) => this.answer(msg) });
  }

  /** `headers`: e.g. JetStream's `Nats-Msg-Id` (StsClient.publishDurably). */
  request(subject: string, data: string | Uint8Array, timeoutMs: number, headers?: MsgHdrs): Promise<Msg> {
    const token = (++this.next).toString(36);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.settle(token)?.reject(new ReplyTimeout(`no reply on ${subject} within ${timeoutMs} ms`)), timeoutMs);
      this.waiting.set(token, { resolve, reject, timer });
      try {
        this.connection.publish(subject, data, headers ? { reply: `${this.inbox}.${token}`, headers } : { reply: `${this.inbox}.${token}` });
      } catch (error) {
        this.settle(token)?.reject(error as Error);
      }
    });
  }

  close(): void {
    this.subscription.unsubscribe();
  }

  private answer(msg: Msg | undefined): void {
    if (!msg) return;
    const waiting = this.settle(msg.subject.slice(this.inbox.length + 1));
    if (!waiting) return; // late: its caller already timed out
    if (msg.data.length === 0 && msg.headers?.code === 503) waiting.reject(new NoResponders('no responders'));
    else waiting.resolve(msg);
  }

  private settle(token: string): Waiting | undefined {
    const waiting = this.waiting.get(token);
    if (!waiting) return undefined;
    this.waiting.delete(token);
    clearTimeout(waiting.timer);
    return waiting;
  }
}
