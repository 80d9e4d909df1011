import { createWriteStream, type WriteStream } from 'node:fs';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { AuditEvent } from '#contracts';
import { AUDIT_SINK_CONFIG, type AuditSinkConfig } from './config.js';

/** Appends one JSON line per audit event to stdout or a file. */
@Injectable()
export class AuditLog implements OnApplicationShutdown {
  private readonly file?: WriteStream;

  private readonly logger = new Logger(AuditLog.name);

  constructor(@Inject(AUDIT_SINK_CONFIG) config: AuditSinkConfig) {
    if (config.output === 'stdout') return;
    this.file = createWriteStream(config.output, { flags: 'a' });
    // A full disk must not crash the sink; the failure is reported and the events keep arriving.
    this.file.on('error', (error) => this.logger.error(`cannot append to the audit file: ${error.message}`));
  }

  append(event: AuditEvent): void {
    const line = JSON.stringify({ type: 'audit', ...event }) + '\n';
    if (this.file) this.file.write(line);
    else process.stdout.write(line);
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => (this.file ? this.file.end(resolve) : resolve()));
  }
}
