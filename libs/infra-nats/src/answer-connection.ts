import { Logger } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { EventMap } from '#contracts';
import { eventEnvelope } from './envelopes.js';
import { endOfCallback } from './write-coalescing.js';

/**
 * The connection a microservice's answers leave on (DrainingNatsServer's), for an event that follows
 * those answers: published at the same moment (afterAnswers), it leaves in the same socket write,
 * where the StsClient's own connection would cost nats-server a read wake-up and the app a write for
 * it alone. Both connections log in as the same NATS user, so the event's publish permission is the same.
 */
export class AnswerConnection {
  private readonly logger = new Logger(AnswerConnection.name);
  private connection?: NatsConnection;

  /**
   * When the answers settled in this callback leave (and the events that follow them): at its end
   * (endOfCallback), not at the end of the event-loop turn. The issuer's answers are settled by an
   * etcd transaction's answer, one callback; at the end of the turn they waited until every request
   * read in the same turn had been minted (stage stamps under `npm run bench`: in about one answer
   * in ten, 34-41 mints at p99 of those), so the oldest work waited behind the newest.
   */
  afterAnswers(): Promise<void> {
    return endOfCallback();
  }

  /** Called by the server once it is connected. */
  attach(connection: NatsConnection): void {
    this.connection = connection;
  }

  /**
   * Publishes an event in Nest's event envelope (as StsClient.emit). False when there is no open
   * answer connection (not yet connected, draining, closed): the caller then sends it its own way.
   */
  emit<E extends keyof EventMap>(event: E, payload: EventMap[E]): boolean {
    const connection = this.connection;
    if (!connection || connection.isClosed() || connection.isDraining()) return false;
    try {
      connection.publish(event, eventEnvelope(event, payload));
      return true;
    } catch (error) {
      this.logger.warn(`could not publish ${event} on the answer connection: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }
}
