import { ServerNats, type NatsOptions } from '@nestjs/microservices';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';

type NatsServerOptions = Required<NatsOptions>['options'];
type Packet = { err?: unknown; isDisposed?: boolean };

/**
 * Nest's NATS server, stopped the way a replica must leave under load (issue 13: a rolling restart
 * loses no request). Nest's own graceful close unsubscribes (a request the server routed here just
 * before is dropped on arrival), waits a fixed grace period and closes (a reply still being worked
 * on is lost). This one drains its queue subscriptions first (the server stops routing requests
 * here; requests already on the way are still handled), waits until every request taken has been
 * answered, then drains the connection so the last replies leave. Each step is bounded by
 * `stepMs`: the process's own exit deadline stays the outer bound.
 */
export class DrainingNatsServer extends ServerNats {
  private readonly served: Subscription[] = [];
  private unanswered = 0;
  private allAnswered?: () => void;

  constructor(private readonly natsOptions: NatsServerOptions, private readonly stepMs: number) {
    super({ ...natsOptions, gracefulShutdown: false });
  }

  /** Nest's subscriptions, kept so that close() can drain them (Nest keeps its list private). */
  override bindEvents(client: NatsConnection): void {
    for (const [subject, handler] of this.messageHandlers) {
      const queue = (handler.extras?.queue as string | undefined) ?? this.natsOptions.queue;
      this.served.push(client.subscribe(subject, { queue, callback: this.getMessageHandler(subject).bind(this) }));
    }
  }

  /** Counts each request from when it is taken until its final reply is handed to the client. */
  override getPublisher(natsMsg: Msg, id: string, ctx: Parameters<ServerNats['getPublisher']>[2]): (response: Packet) => unknown {
    const publish = super.getPublisher(natsMsg, id, ctx) as (response: Packet) => unknown;
    if (!natsMsg.reply) return publish;
    this.unanswered++;
    return (response) => {
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
      if (this.unanswered > 0) await this.within(new Promise<void>((resolve) => (this.allAnswered = resolve)));
      await this.within(connection.drain().catch(() => undefined));
    }
    await super.close();
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
