import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppNames, auditEventsOf, capAuditEvent } from '#contracts';
import { AuditStreamConsumer, type AuditDelivery } from '#infra-nats';
import { AuditLog } from './audit-log.js';
import { AUDIT_SINK_CONFIG, type AuditSinkConfig } from './config.js';

/**
 * Reads the audit stream and writes each event of a message (one, or a publisher's batch) to the
 * audit log before acknowledging the message. Only the schema's fields pass, each capped: whatever
 * else, or whatever length, a publisher sent is not written; an entry of a batch that is not an
 * audit event is dropped (logged) without dropping the others.
 */
@Injectable()
export class AuditConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuditConsumer.name);
  private readonly consumer: AuditStreamConsumer;

  constructor(private readonly log: AuditLog, @Inject(AUDIT_SINK_CONFIG) config: AuditSinkConfig) {
    this.consumer = new AuditStreamConsumer({
      servers: config.natsServers, app: AppNames.AuditSink, security: config.natsSecurity, retention: config.stream, pullIntervalMs: config.pullIntervalMs,
      deliver: (data) => this.deliver(data),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.log.open();
    await this.consumer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }

  private async deliver(data: unknown): Promise<AuditDelivery> {
    const { events, rejected } = auditEventsOf(data);
    if (events.length === 0) return 'malformed';
    if (rejected > 0) this.logger.warn(`dropped ${rejected} entr${rejected === 1 ? 'y' : 'ies'} of an audit batch that are not audit events`);
    await this.log.append(events.map(capAuditEvent));
    return 'written';
  }
}
