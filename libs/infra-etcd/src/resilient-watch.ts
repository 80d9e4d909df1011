import { Logger } from '@nestjs/common';
import type { Watcher } from 'etcd3';
import type { EtcdConnection } from './etcd-client.js';

export interface PrefixWatchHandlers {
  /** A key under the prefix was written; `key` is relative to the deployment's keyspace. */
  onPut?(key: string): void;
  onDelete?(key: string): void;
  /**
   * The watch (re)started from a fresh read of the prefix: whatever happened while it was away
   * (a compaction may have erased the history) is unknown, so every cached value must be dropped.
   */
  onResync(): void;
  /** The watch stopped delivering (etcd unreachable): a cache must not serve from memory until it resumes. */
  onInterrupted?(): void;
}

export interface PrefixWatchOptions {
  /** Pause before rebuilding a watch that etcd canceled (compaction, expired token, permission). */
  retryMs?: number;
  /** A watch whose creation is not confirmed in this time is rebuilt (a canceled create can hang). */
  createTimeoutMs?: number;
}

const STOP_CANCEL_MS = 1000;

/**
 * A prefix watch that cannot die quietly. etcd3 drops a watcher that etcd cancels (compacted past
 * its revision after an outage, or an auth token lost in a restart) with one 'error' event, and a
 * new watch on the same client can then hang (shared/reference/bus-and-store-security.md §4). So
 * on 'error' this drops the client, connects afresh, reads the prefix's current revision, tells the
 * cache to resync, and watches from the revision after it: no gap, no silent death. Every state
 * change is logged; `healthy` says whether events are flowing (readiness reads it).
 */
export class ResilientPrefixWatch {
  private readonly logger = new Logger(ResilientPrefixWatch.name);
  private connection?: EtcdConnection;
  private watcher?: Watcher;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private connected = false;
  private downSince: number | undefined = Date.now();

  constructor(
    private readonly connect: () => EtcdConnection,
    private readonly prefix: string,
    private readonly handlers: PrefixWatchHandlers,
    private readonly options: PrefixWatchOptions = {},
  ) {}

  /** Resolves once the first attempt has either started the watch or failed (it then keeps retrying). */
  start(): Promise<void> {
    return this.attempt();
  }

  get healthy(): boolean {
    return this.connected;
  }

  /** Milliseconds since events stopped flowing; 0 while healthy. */
  downForMs(now = Date.now()): number {
    return this.downSince === undefined ? 0 : now - this.downSince;
  }

  /** Cancels a live watch on its client (at most a second: etcd may go away meanwhile), then closes the client. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.watcher && this.connected) await this.withTimeout(this.watcher.cancel(), 'watch cancel not confirmed in time', STOP_CANCEL_MS).catch(() => undefined);
    this.drop();
  }

  private async attempt(): Promise<void> {
    if (this.stopped) return;
    const connection = (this.connection = this.connect());
    try {
      // The prefix's revision now: everything up to it is in etcd's current state, which the cache rereads on demand.
      const { header } = await connection.keys.getAll().prefix(this.prefix).limit(1).exec();
      const next = (BigInt(String(header.revision)) + 1n).toString();
      this.handlers.onResync();
      const builder = connection.keys.watch().prefix(this.prefix).startRevision(next);
      // Without a put handler, etcd is asked for deletions only: otherwise it sends every write under
      // the prefix, value and all (every issued credential, to every gateway), to be dropped here.
      const watcher = await this.withTimeout((this.handlers.onPut ? builder : builder.only('delete')).create(), 'watch creation not confirmed in time');
      if (this.stopped || connection !== this.connection) return void watcher.cancel().catch(() => undefined);
      this.watcher = watcher;
      watcher
        .on('put', (kv) => this.handlers.onPut?.(kv.key.toString()))
        .on('delete', (kv) => this.handlers.onDelete?.(kv.key.toString()))
        .on('connected', () => this.markUp())
        .on('disconnected', (error) => this.markDown(`disconnected (${error.message})`))
        .on('error', (error) => this.restart(`canceled by etcd (${error.message || 'compacted or token lost'})`));
      this.markUp(`from revision ${next}`);
    } catch (error) {
      this.restart(`could not start (${(error as Error).message})`);
    }
  }

  private markUp(detail?: string): void {
    if (!this.connected) this.logger.log(`watch on ${this.prefix || '/'} is live${detail ? ` ${detail}` : ''}`);
    this.connected = true;
    this.downSince = undefined;
  }

  private markDown(reason: string): void {
    if (this.connected) this.logger.warn(`watch on ${this.prefix || '/'} ${reason}: its cache is bypassed until the watch resumes`);
    this.connected = false;
    this.downSince ??= Date.now();
    this.handlers.onInterrupted?.();
  }

  private restart(reason: string): void {
    this.markDown(reason);
    this.logger.warn(`watch on ${this.prefix || '/'} ${reason}: re-reading the prefix and watching again`);
    this.drop();
    if (!this.stopped) this.timer = setTimeout(() => void this.attempt(), this.options.retryMs ?? 1000);
  }

  private drop(): void {
    // A dropped watcher may still emit 'error'; without a listener that would throw.
    this.watcher?.removeAllListeners().on('error', () => undefined);
    this.watcher = undefined;
    this.connection?.close();
    this.connection = undefined;
  }

  private withTimeout<T>(promise: Promise<T>, what: string, ms = this.options.createTimeoutMs ?? 5000): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(what)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}
