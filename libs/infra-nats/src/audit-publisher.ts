import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { AuditBatchLimit, capAuditEvent, Events, StsError, type AuditEvent, type AuditMessage } from '#contracts';
import type { StsClient } from './sts-client.js';

export interface AuditPublisherOptions {
  /** How long to keep trying the audit stream before giving up on an event. */
  deadlineMs: number;
  /** `STS_AUDIT_FAIL_OPEN`: carry on when the stream cannot take an event (logged); default: refuse. */
  failOpen: boolean;
  /** The shortest time between two batches (default AUDIT_GATHER_MS; 0: every turn's events as they come). */
  gatherMs?: number;
}

/** See AuditPublisher: a few milliseconds, against the tens an issuance takes under load. */
export const AUDIT_GATHER_MS = 3;

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
 * Events go in batches (AuditBatch, up to AuditBatchLimit) under one message id, so a retry cannot
 * store them twice; each caller still waits for the stream's acknowledgement of the message holding
 * its event. A batch leaves at the end of the event-loop turn, but no sooner than `gatherMs` after
 * the one before (a full batch leaves at once): an idle publisher adds no wait, a busy one sends at
 * most one message per `gatherMs`. A stream message costs nats-server and the sink hundreds of µs
 * whatever its size (store, acknowledgement, delivery, the sink's acknowledgement) and a gateway's
 * turn finishes only a few issuances, so the wait buys more than it costs (docs/performance.md,
 * "Issuance over the bus, fourth pass"). A lone event goes as itself.
 */
export class AuditPublisher {
  private readonly logger = new Logger(AuditPublisher.name);
  private pending: Pending[] = [];
  /** Cancels the timer or immediate that will send the pending batch. */
  private cancelGathering?: () => void;
  private lastSentAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly client: StsClient, private readonly options: AuditPublisherOptions, private readonly now: () => number = performance.now.bind(performance)) {}

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
      const waiting = this.pending.push({ event, settle: (failure) => resolve({ event, failure }) });
      if (waiting === AuditBatchLimit) this.flush();
      else if (waiting === 1) this.gather();
    });
  }

  private gather(): void {
    const wait = this.lastSentAt + (this.options.gatherMs ?? AUDIT_GATHER_MS) - this.now();
    if (wait > 0) {
      const timer = setTimeout(() => this.flush(), wait);
      this.cancelGathering = () => clearTimeout(timer);
    } else {
      const immediate = setImmediate(() => this.flush());
      this.cancelGathering = () => clearImmediate(immediate);
    }
  }

  private flush(): void {
    this.cancelGathering?.();
    this.cancelGathering = undefined;
    this.lastSentAt = this.now();
    const pending = this.pending;
    this.pending = [];
    if (pending.length > 0) void this.send(pending);
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
