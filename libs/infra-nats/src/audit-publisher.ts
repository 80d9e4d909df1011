import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { capAuditEvent, Events, StsError, type AuditEvent } from '#contracts';
import type { StsClient } from './sts-client.js';

export interface AuditPublisherOptions {
  /** How long to keep trying the audit stream before giving up on an event. */
  deadlineMs: number;
  /** `STS_AUDIT_FAIL_OPEN`: carry on when the stream cannot take an event (logged); default: refuse. */
  failOpen: boolean;
}

/** An audit event as a caller builds it: the id is assigned here. */
export type AuditRecord = Omit<AuditEvent, 'id'>;

/**
 * Records audit events in the JetStream audit stream and waits for it to acknowledge them, so a
 * sink that is down catches up later and nothing is lost. Fail closed by default (as Vault does):
 * when the stream cannot take an event, `record` throws ServiceUnavailable and the caller must not
 * hand out what it was about to (credentials) nor make the change (admin).
 */
export class AuditPublisher {
  private readonly logger = new Logger(AuditPublisher.name);

  constructor(private readonly client: StsClient, private readonly options: AuditPublisherOptions) {}

  async record(record: AuditRecord): Promise<void> {
    const { event, failure } = await this.publish(record);
    if (failure === undefined) return;
    if (this.options.failOpen) return this.logger.warn(`audit event ${event.id} (${event.action}, ${event.outcome}) was not recorded: ${failure}; continuing (STS_AUDIT_FAIL_OPEN)`);
    this.logger.error(`audit event ${event.id} (${event.action}, ${event.outcome}) was not recorded: ${failure}; refusing the request`);
    throw new StsError('ServiceUnavailable', 'The audit trail cannot record this request right now; please try again.');
  }

  /** For a refusal or the outcome of a change already made: a failure is logged, never thrown. */
  async recordBestEffort(record: AuditRecord): Promise<void> {
    const { event, failure } = await this.publish(record);
    if (failure !== undefined) this.logger.error(`audit event ${event.id} (${event.action}, ${event.outcome}) was not recorded: ${failure}`);
  }

  private async publish(record: AuditRecord): Promise<{ event: AuditEvent; failure?: string }> {
    const event = capAuditEvent({ id: randomUUID(), ...record });
    try {
      await this.client.publishDurably(Events.Audit, event, event.id, this.options.deadlineMs);
      return { event };
    } catch (error) {
      return { event, failure: error instanceof Error ? error.message : String(error) };
    }
  }
}
