import { Logger } from '@nestjs/common';
import { AckPolicy, DeliverPolicy, DiscardPolicy, JetStreamApiCodes, JetStreamApiError, jetstream, jetstreamManager, RetentionPolicy, StorageType, type Consumer, type ConsumerInfo, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { AUDIT_STREAM } from '#contracts';
import { DeferredAcks } from './deferred-acks.js';
import { natsIdentityOptions, type NatsSecurity } from './nats-security.js';
import { PacedPull, type PullSource } from './paced-pull.js';
import { SinkPosition, type Checkpoint } from './sink-position.js';

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
/** The position stream holds one small message; JetStream reserves its max_bytes out of the server's file storage. */
const POSITION_STREAM_MAX_BYTES = 1024 * 1024;
/** How long stopping waits to save the last position (a later start may otherwise write a second of events again). */
const FINAL_CHECKPOINT_MS = 2000;

/**
 * The audit sink's side of the JetStream audit stream: it creates the stream (file storage, the
 * configured retention) and its durable consumer if missing, then takes what the stream holds once
 * per `pullIntervalMs` (PacedPull) and acknowledges each event only after `deliver` stored it
 * (several at a time: DeferredAcks). A sink that was down resumes where it stopped; one that died
 * between storing and acknowledging gets the event again (the sink drops it by id).
 *
 * The consumer keeps its state in memory (`mem_storage`): nats-server then writes no state file,
 * which it would otherwise truncate and rewrite after every change (PacedPull says what that does
 * to a disk). The sink keeps the position itself (SinkPosition: the consumer's acknowledgement
 * floor, saved about once per pull as the one message of the position stream) and makes the
 * consumer again from it when a nats-server restart took the consumer, or its state, away: at
 * most the events of the last pull are delivered twice, which the file output drops by id.
 */
export class AuditStreamConsumer {
  private readonly logger = new Logger(AuditStreamConsumer.name);
  private connection?: NatsConnection;
  private pull?: PacedPull<JsMsg>;
  private client?: JetStreamClient;
  private consumer?: Consumer;
  private position?: SinkPosition;
  private streamCreated = '';
  private checkpointFailing = false;
  private readonly acks = new DeferredAcks(ACK_DELAY_MS, PULL_MAX_MESSAGES);

  constructor(private readonly options: AuditStreamConsumerOptions) {}

  async start(): Promise<void> {
    const { servers, app, security } = this.options;
    this.connection = await connect({ servers, name: `${app}-consumer`, maxReconnectAttempts: -1, reconnectTimeWait: 500, ...natsIdentityOptions(app, security) });
    const manager = await jetstreamManager(this.connection, { checkAPI: false });
    this.client = jetstream(this.connection, { checkAPI: false });
    const stream = await this.whenJetStreamAnswers(() => this.ensureStream(manager));
    this.streamCreated = stream.created;
    await this.whenJetStreamAnswers(() => this.ensurePositionStream(manager));
    const checkpoint = await this.whenJetStreamAnswers(() => readCheckpoint(manager));
    const position = SinkPosition.resume(checkpoint, { created: stream.created, lastSeq: stream.state.last_seq });
    this.position = position;
    await this.whenJetStreamAnswers(() => this.ensureConsumer(manager, position));
    const consumer = await this.client.consumers.get(AUDIT_STREAM.name, AUDIT_STREAM.consumer);
    this.consumer = consumer;
    this.pull = new PacedPull(pullSourceOf(consumer, async (info) => {
      if (!position.follow(progressOf(info))) throw new ConsumerStateLost();
      await this.checkpoint();
    }), {
      intervalMs: this.options.pullIntervalMs,
      maxMessages: PULL_MAX_MESSAGES,
      handle: (message) => this.handle(message),
      afterBatch: () => this.acks.flush(),
      onError: async (error, first) => {
        if (first) this.logger.warn(`cannot read the audit stream (${(error as Error).message}); retrying every ${this.options.pullIntervalMs} ms`);
        // A restarted nats-server forgot the consumer (it lived in memory), or made it again without its state.
        await this.ensureConsumer(manager, position).catch(() => undefined);
      },
      onRecovered: () => this.logger.log('reading the audit stream again'),
    });
    this.pull.start();
  }

  /** Stops pulling, acknowledges what is written and saves the position the consumer then reports. */
  async stop(): Promise<void> {
    await this.pull?.stop();
    this.acks.flush();
    try {
      await this.connection?.flush();
      const info = await this.consumer?.info();
      if (info && this.position?.follow(progressOf(info))) await this.checkpoint(FINAL_CHECKPOINT_MS);
    } catch {
      // The bus is away: the position saved at the last pull stands.
    }
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


  private async whenJetStreamAnswers<T>(step: () => Promise<T>): Promise<T> {
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

  private async ensureStream(manager: JetStreamManager) {
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
      const created = await manager.streams.add({ name: AUDIT_STREAM.name, ...config });
      this.logger.log(`created the audit stream ${AUDIT_STREAM.name}`);
      return created;
    }
    if (existing.config.max_age !== config.max_age || existing.config.max_bytes !== config.max_bytes || existing.config.num_replicas !== config.num_replicas) {
      await manager.streams.update(AUDIT_STREAM.name, { max_age: config.max_age, max_bytes: config.max_bytes, num_replicas: config.num_replicas });
      this.logger.log(`updated the retention and replicas of the audit stream ${AUDIT_STREAM.name}`);
    }
    return existing;
  }

  /** One message (the latest checkpoint), as many copies as the audit stream. */
  private async ensurePositionStream(manager: JetStreamManager): Promise<void> {
    const replicas = this.options.retention.replicas;
    const existing = await manager.streams.info(AUDIT_STREAM.positionStream).catch(() => null);
    if (!existing) {
      await manager.streams.add({
        name: AUDIT_STREAM.positionStream, subjects: [AUDIT_STREAM.positionSubject], storage: StorageType.File,
        max_msgs_per_subject: 1, max_bytes: POSITION_STREAM_MAX_BYTES, discard: DiscardPolicy.Old, num_replicas: replicas,
      });
    } else if (existing.config.num_replicas !== replicas) {
      await manager.streams.update(AUDIT_STREAM.positionStream, { num_replicas: replicas });
    }
  }

  /**
   * Makes the consumer (in memory) unless one that knows at least the position is there: from the
   * message after the position, or from the start of the stream when there is none. A consumer
   * that keeps its state on disk (made by an earlier sink) gives its floor and is replaced.
   */
  private async ensureConsumer(manager: JetStreamManager, position: SinkPosition): Promise<void> {
    const existing = await manager.consumers.info(AUDIT_STREAM.name, AUDIT_STREAM.consumer).catch((error: unknown) => {
      if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.ConsumerNotFound) return null;
      throw error;
    });
    if (existing) {
      if (!existing.config.mem_storage) position.adopt(existing.ack_floor.stream_seq);
      else if (position.follow(progressOf(existing))) return;
      await manager.consumers.delete(AUDIT_STREAM.name, AUDIT_STREAM.consumer);
    }
    await manager.consumers.add(AUDIT_STREAM.name, {
      durable_name: AUDIT_STREAM.consumer,
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(ACK_WAIT_MS),
      ...(position.seq > 0 ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: position.seq + 1 } : { deliver_policy: DeliverPolicy.All }),
      max_ack_pending: 1000,
      mem_storage: true,
    });
    this.logger.log(`reading the audit stream from ${position.seq > 0 ? `after sequence ${position.seq}` : 'its start'}${existing ? ' (the consumer there had lost its state or kept it on disk)' : ''}`);
  }

  /** Saves the position if it moved; a failure is logged (once per run of them) and retried at the next pull. */
  private async checkpoint(timeoutMs?: number): Promise<void> {
    const checkpoint = this.position?.unsaved(this.streamCreated);
    if (!checkpoint || !this.client) return;
    try {
      await this.client.publish(AUDIT_STREAM.positionSubject, JSON.stringify(checkpoint), { expect: { streamName: AUDIT_STREAM.positionStream }, ...(timeoutMs ? { timeout: timeoutMs } : {}) });
      this.position?.markSaved(checkpoint);
      if (this.checkpointFailing) this.logger.log('saving the audit sink\'s position again');
      this.checkpointFailing = false;
    } catch (error) {
      if (!this.checkpointFailing) this.logger.warn(`cannot save the audit sink's position (${(error as Error).message}); retrying at the next pull`);
      this.checkpointFailing = true;
    }
  }
}

class ConsumerStateLost extends Error {
  constructor() {
    super('the audit consumer lost its state (a nats-server restart); making it again from the saved position');
  }
}

async function readCheckpoint(manager: JetStreamManager): Promise<Checkpoint | undefined> {
  const message = await manager.streams.getMessage(AUDIT_STREAM.positionStream, { last_by_subj: AUDIT_STREAM.positionSubject });
  if (!message) return undefined;
  try {
    return message.json<Checkpoint>();
  } catch {
    return undefined;
  }
}

function progressOf(info: ConsumerInfo) {
  return { delivered: info.delivered.stream_seq, ackFloor: info.ack_floor.stream_seq };
}

/** The durable consumer as PacedPull reads it: its undelivered count (its info passed to `inspect` first), and pulls of a given size. */
function pullSourceOf(consumer: Consumer, inspect: (info: ConsumerInfo) => Promise<void>): PullSource<JsMsg> {
  return {
    pending: async () => {
      const info = await consumer.info();
      await inspect(info);
      return info.num_pending;
    },
    fetch: (count) => consumer.fetch({ max_messages: count, expires: PULL_EXPIRES_MS }),
  };
}
