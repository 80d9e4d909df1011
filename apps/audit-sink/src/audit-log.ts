import { appendFileSync, closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { AuditEvent } from '#contracts';
import { AUDIT_SINK_CONFIG, type AuditSinkConfig } from './config.js';
import { RecentIds } from './recent-ids.js';

/** Ids remembered to drop a redelivered event (written, then the sink died before acknowledging it). */
const REMEMBERED_IDS = 100_000;
/** How much of an existing file is read at start to learn the ids it already holds. */
const TAIL_BYTES = 16 * 1024 * 1024;

/**
 * Appends one JSON line per audit event to stdout or a file, each event id at most once. A file is
 * written synchronously: the sink handles one stream message at a time and acknowledges it only
 * once written, so an asynchronous write bought no overlap, only a hand-off to libuv's thread pool
 * and back per message (a futex wake-up, an eventfd write and read: most of the sink's syscalls).
 */
@Injectable()
export class AuditLog implements OnApplicationShutdown {
  private fd?: number;
  /** After shutdown nothing is written (the message stays unacknowledged); the fd number may be reused. */
  private closed = false;
  private readonly seen = new RecentIds(REMEMBERED_IDS);

  constructor(@Inject(AUDIT_SINK_CONFIG) private readonly config: AuditSinkConfig) {}

  async open(): Promise<void> {
    if (this.config.output === 'stdout') return;
    for (const id of idsInTail(this.config.output)) this.seen.remember(id);
    this.fd = openSync(this.config.output, 'a');
  }

  /** Resolves once the lines are written, in one write (the caller acknowledges only then); duplicates are skipped. */
  async append(events: readonly AuditEvent[]): Promise<void> {
    const fresh = events.filter((event, i) => !this.seen.has(event.id) && events.findIndex((e) => e.id === event.id) === i);
    if (fresh.length === 0) return;
    if (this.closed) throw new Error('the audit log is closed');
    const lines = fresh.map((event) => JSON.stringify({ type: 'audit', ...event }) + '\n').join('');
    if (this.fd !== undefined) appendFileSync(this.fd, lines);
    else await new Promise<void>((resolve, reject) => process.stdout.write(lines, (error) => (error ? reject(error) : resolve())));
    for (const event of fresh) this.seen.remember(event.id);
  }

  onApplicationShutdown(): void {
    this.closed = true;
    if (this.fd !== undefined) closeSync(this.fd);
  }
}

function idsInTail(path: string): string[] {
  if (!existsSync(path)) return [];
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer.toString('utf8').split('\n').flatMap((line) => {
      try {
        const id = (JSON.parse(line) as { id?: unknown }).id;
        return typeof id === 'string' ? [id] : [];
      } catch {
        return [];
      }
    });
  } finally {
    closeSync(fd);
  }
}
