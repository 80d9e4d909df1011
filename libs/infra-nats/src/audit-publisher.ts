import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { AuditBatchLimit, capAuditEvent, Events, StsError, type AuditEvent, type AuditMessage } from '#contracts';
import type { StsClient } from './sts-client.js';
import { endOfEventLoopTurn } from './write-coalescing.js';

export interface AuditPublisherOptions {
  /** How long to keep trying the audit stream before giving up on an event. */
  deadlineMs: number;
  /** `STS_AUDIT_FAIL_OPEN`: carry on when the stream cannot take an event (logged); default: refuse. */
  failOpen: boolean;
}

/** An audit event as a caller builds it: the id is assigned here. */
export type AuditRecord = Omit<AuditEvent, 'id'>;

interface Pending {
  event: AuditEvent;
  /** Resolves the caller's wait with why its event was not recorded, or nothing when it was. */
  settle: (failure?: string) => void;
}

/**
 * Records audit events in the JetStream audit stream and waits for it to acknowledge them, so a
 * sink that is down catches up later and nothing is lost. Fail closed by default (as Vault does):
 * when the stream cannot take an event, `record` throws ServiceUnavailable and the caller must not
 * hand out what it was about to (credentials) nor make the change (admin).
 *
 * Events recorded in the same event-loop turn go as one message (AuditBatch, up to AuditBatchLimit)
 * under one message id, so a retry cannot store them twice; each caller still waits for the
 * stream's acknowledgement of the message holding its event. Under load this turns one publish,
 * acknowledgement and sink delivery per issuance into one per batch. A lone event goes as itself.
 */
export class AuditPublisher {
  private readonly logger = new Logger(AuditPublisher.name);
  private pending: Pending[] = [];

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

  private publish(record: AuditRecord): Promise<{ event: AuditEvent; failure?: string }> {
    const event = capAuditEvent({ id: randomUUID(), ...record });
    return new Promise((resolve) => {
      // Sent with the turn's requests (StsClient.request waits for the same moment): one socket write for both.
      if (this.pending.push({ event, settle: (failure) => resolve({ event, failure }) }) === 1) void endOfEventLoopTurn().then(() => this.flush());
    });
  }

  private flush(): void {
    const pending = this.pending;
    this.pending = [];
    for (let i = 0; i < pending.length; i += AuditBatchLimit) void this.send(pending.slice(i, i + AuditBatchLimit));
  }

  private async send(batch: Pending[]): Promise<void> {
    const [message, id]: [AuditMessage, string] = batch.length === 1
      ? [batch[0].event, batch[0].event.id]
      : [{ events: batch.map((p) => p.event) }, randomUUID()];
    try {
      await this.client.publishDurably(Events.Audit, message, id, this.options.deadlineMs);
      batch.forEach((p) => p.settle());
    } catch (error) {
      const failure = error instanceof Error ? error.message : String(error);
      batch.forEach((p) => p.settle(failure));
    }
  }
}
