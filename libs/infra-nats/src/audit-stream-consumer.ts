import { Logger } from '@nestjs/common';
import { AckPolicy, DeliverPolicy, DiscardPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType, type Consumer, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { AUDIT_STREAM } from '#contracts';
import { DeferredAcks } from './deferred-acks.js';
import { natsIdentityOptions, type NatsSecurity } from './nats-security.js';
import { PacedPull, type PullSource } from './paced-pull.js';

export interface AuditStreamRetention {
  maxAgeHours: number;
  maxBytes: number;
  /** num_replicas of the stream (its durable consumer follows it); 1 on a single server. */
  replicas: number;
}

/** What the sink did with one event: written (acknowledge it) or not an audit event at all (drop it). */
export type AuditDelivery = 'written' | 'malformed';

export interface AuditStreamConsumerOptions {
  servers: string[];
  app: string;
  security?: NatsSecurity;
  retention: AuditStreamRetention;
  /** How often the sink takes what the stream holds (PacedPull): events reach the log this much later at most. */
  pullIntervalMs: number;
  /** Resolves once the event is stored; a rejection leaves it in the stream for redelivery. */
  deliver(data: unknown): Promise<AuditDelivery>;
}

/** Publishers retry an event with the same id for a few seconds; the stream drops copies seen within this window. */
const DUPLICATE_WINDOW_MS = 2 * 60_000;
const REDELIVER_AFTER_MS = 1000;
const ACK_WAIT_MS = 30_000;
/** Messages (each a publisher's batch of events) one pull takes at most; below the consumer's max_ack_pending. */
const PULL_MAX_MESSAGES = 500;
/**
 * A pull's stored messages are acknowledged together when it is handled (DeferredAcks, flushed by
 * PacedPull after each batch: the consumer's state moves once for them); this delay only bounds a
 * batch that takes long, far within ACK_WAIT_MS.
 */
const ACK_DELAY_MS = 5000;
/** How long a pull waits for a message when none is stored (nats.js's least). */
const PULL_EXPIRES_MS = 1000;
/** A clustered JetStream answers only once its nodes have elected a meta leader (seconds after they start). */
const JETSTREAM_READY_MS = 30_000;
const JETSTREAM_RETRY_MS = 250;

/**
 * The audit sink's side of the JetStream audit stream: it creates the stream (file storage, the
 * configured retention) and its durable consumer if missing, then takes what the stream holds once
 * per `pullIntervalMs` (PacedPull: a batch moves the consumer's stored state two or three times,
 * not once per message) and acknowledges each event only after `deliver` stored it (several at a time:
 * DeferredAcks). A sink that was down resumes where it stopped; one that died between storing and
 * acknowledging gets the event again (the sink drops it by id).
 */
export class AuditStreamConsumer {
  private readonly logger = new Logger(AuditStreamConsumer.name);
  private connection?: NatsConnection;
  private pull?: PacedPull<JsMsg>;
  private readonly acks = new DeferredAcks(ACK_DELAY_MS, PULL_MAX_MESSAGES);

  constructor(private readonly options: AuditStreamConsumerOptions) {}

  async start(): Promise<void> {
    const { servers, app, security } = this.options;
    this.connection = await connect({ servers, name: `${app}-consumer`, maxReconnectAttempts: -1, reconnectTimeWait: 500, ...natsIdentityOptions(app, security) });
    const manager = await jetstreamManager(this.connection, { checkAPI: false });
    await this.whenJetStreamAnswers(() => this.ensureStream(manager));
    await this.whenJetStreamAnswers(() => this.ensureConsumer(manager));
    const consumer = await jetstream(this.connection, { checkAPI: false }).consumers.get(AUDIT_STREAM.name, AUDIT_STREAM.consumer);
    this.pull = new PacedPull(pullSourceOf(consumer), {
      intervalMs: this.options.pullIntervalMs,
      maxMessages: PULL_MAX_MESSAGES,
      handle: (message) => this.handle(message),
      afterBatch: () => this.acks.flush(),
      onError: async (error, first) => {
        if (first) this.logger.warn(`cannot read the audit stream (${(error as Error).message}); retrying every ${this.options.pullIntervalMs} ms`);
      },
      onRecovered: () => this.logger.log('reading the audit stream again'),
    });
    this.pull.start();
  }

  async stop(): Promise<void> {
    await this.pull?.stop();
    this.acks.flush();
    await this.connection?.drain().catch(() => this.connection?.close());
  }

  private async handle(message: JsMsg): Promise<void> {
    let event: unknown;
    try {
      event = message.json();
    } catch {
      // Not JSON at all: redelivering it would fail the same way forever.
      this.logger.warn(`dropped a message on ${message.subject} that is not JSON (stream sequence ${message.seq})`);
      message.term();
      return;
    }
    try {
      const outcome = await this.options.deliver(event);
      if (outcome === 'malformed') {
        this.logger.warn(`dropped a message on ${message.subject} that is not an audit event (stream sequence ${message.seq})`);
        message.term();
      } else {
        this.acks.add(message);
      }
    } catch (error) {
      this.logger.error(`could not store audit event (stream sequence ${message.seq}): ${(error as Error).message}; it will be delivered again`);
      message.nak(REDELIVER_AFTER_MS);
    }
  }


  private async whenJetStreamAnswers(step: () => Promise<void>): Promise<void> {
    const giveUpAt = Date.now() + JETSTREAM_READY_MS;
    for (;;) {
      try {
        return await step();
      } catch (error) {
        if (Date.now() >= giveUpAt) throw error;
        this.logger.debug(`JetStream not ready yet (${(error as Error).message}); retrying`);
        await new Promise((resolve) => setTimeout(resolve, JETSTREAM_RETRY_MS));
      }
    }
  }

  private async ensureStream(manager: JetStreamManager): Promise<void> {
    const config = {
      subjects: [AUDIT_STREAM.subject],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      max_age: nanos(this.options.retention.maxAgeHours * 3600_000),
      max_bytes: this.options.retention.maxBytes,
      discard: DiscardPolicy.Old,
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
      num_replicas: this.options.retention.replicas,
    };
    const existing = await manager.streams.info(AUDIT_STREAM.name).catch(() => null);
    if (!existing) {
      await manager.streams.add({ name: AUDIT_STREAM.name, ...config });
      this.logger.log(`created the audit stream ${AUDIT_STREAM.name}`);
    } else if (existing.config.max_age !== config.max_age || existing.config.max_bytes !== config.max_bytes || existing.config.num_replicas !== config.num_replicas) {
      await manager.streams.update(AUDIT_STREAM.name, { max_age: config.max_age, max_bytes: config.max_bytes, num_replicas: config.num_replicas });
      this.logger.log(`updated the retention and replicas of the audit stream ${AUDIT_STREAM.name}`);
    }
  }

  private async ensureConsumer(manager: JetStreamManager): Promise<void> {
    const existing = await manager.consumers.info(AUDIT_STREAM.name, AUDIT_STREAM.consumer).catch(() => null);
    if (existing) return;
    await manager.consumers.add(AUDIT_STREAM.name, {
      durable_name: AUDIT_STREAM.consumer,
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(ACK_WAIT_MS),
      deliver_policy: DeliverPolicy.All,
      max_ack_pending: 1000,
    });
  }
}

/** The durable consumer as PacedPull reads it: its undelivered count, and pulls of a given size. */
function pullSourceOf(consumer: Consumer): PullSource<JsMsg> {
  return {
    pending: async () => (await consumer.info()).num_pending,
    fetch: (count) => consumer.fetch({ max_messages: count, expires: PULL_EXPIRES_MS }),
  };
}
