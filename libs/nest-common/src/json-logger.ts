import type { LoggerService, LogLevel } from '@nestjs/common';

const LEVELS: LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
const NAMES: Partial<Record<LogLevel, string>> = { log: 'info' };

/**
 * One JSON object per line on stdout, tagged with the app. Callers never pass secrets; a message
 * that must correlate a credential logs the access key, never the secret or the token.
 */
export class JsonLogger implements LoggerService {
  private readonly threshold: number;

  constructor(private readonly app: string, level: string = 'info') {
    const wanted = level === 'info' ? 'log' : (level as LogLevel);
    this.threshold = Math.max(0, LEVELS.indexOf(wanted));
  }

  log(message: unknown, ...rest: unknown[]) { this.write('log', message, rest); }
  warn(message: unknown, ...rest: unknown[]) { this.write('warn', message, rest); }
  error(message: unknown, ...rest: unknown[]) { this.write('error', message, rest); }
  fatal(message: unknown, ...rest: unknown[]) { this.write('fatal', message, rest); }
  debug(message: unknown, ...rest: unknown[]) { this.write('debug', message, rest); }
  verbose(message: unknown, ...rest: unknown[]) { this.write('verbose', message, rest); }

  /** Structured line with extra fields, for events such as readiness. */
  info(msg: string, fields: Record<string, unknown> = {}) {
    process.stdout.write(JSON.stringify({ time: new Date().toISOString(), level: 'info', app: this.app, msg, ...fields }) + '\n');
  }

  private write(level: LogLevel, message: unknown, rest: unknown[]) {
    if (LEVELS.indexOf(level) < this.threshold) return;
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const line: Record<string, unknown> = { time: new Date().toISOString(), level: NAMES[level] ?? level, app: this.app, msg: String(message) };
    if (context) line.context = context;
    if (rest.length > 0) line.detail = rest.map((r) => (typeof r === 'string' ? r : JSON.stringify(r)));
    process.stdout.write(JSON.stringify(line) + '\n');
  }
}
