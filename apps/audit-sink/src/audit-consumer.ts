import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppNames, AuditEvent, capAuditEvent } from '#contracts';
import { AuditStreamConsumer, type AuditDelivery } from '#infra-nats';
import { AuditLog } from './audit-log.js';
import { AUDIT_SINK_CONFIG, type AuditSinkConfig } from './config.js';

/**
 * Reads the audit stream and writes each event to the audit log before acknowledging it. Only the
 * schema's fields pass, each capped: whatever else, or whatever length, a publisher sent is not written.
 */
@Injectable()
export class AuditConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumer: AuditStreamConsumer;

  constructor(private readonly log: AuditLog, @Inject(AUDIT_SINK_CONFIG) config: AuditSinkConfig) {
    this.consumer = new AuditStreamConsumer({
      servers: config.natsServers, app: AppNames.AuditSink, security: config.natsSecurity, retention: config.stream,
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
    const parsed = AuditEvent.safeParse(data);
    if (!parsed.success) return 'malformed';
    await this.log.append(capAuditEvent(parsed.data));
    return 'written';
  }
}
