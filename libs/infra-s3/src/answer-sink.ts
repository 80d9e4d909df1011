import type { IncomingHttpHeaders } from 'node:http';
import type { Writable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { BackendHead } from './backend-response.js';

/** Why a backend request is aborted when its sink closed before the answer ended. */
const sinkClosed = () => new Error('the answer\'s destination closed before the answer ended');

/**
 * The backend's raw header lines as a header object: lower-case names, latin1 values (the bytes as
 * they came, which is how Node writes them on), a repeated name as an array.
 */
export function headersOf(raw: readonly Buffer[] | readonly string[]): IncomingHttpHeaders {
  const headers: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toString('latin1').toLowerCase();
    const value = raw[i + 1].toString('latin1');
    const seen = headers[name];
    if (seen === undefined) headers[name] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else headers[name] = [seen, value];
  }
  return headers as IncomingHttpHeaders;
}

/**
 * undici's own dispatch handler, writing an answer's body into the writable `choose` returns once
 * status and headers are known. It does what undici's `stream()` does for this one use, without the
 * AsyncResource, the `finished()` listeners and the promise plumbing per request (docs/performance.md,
 * "S3 relay, third pass"). Backpressure: a full sink pauses the backend socket until it drains.
 * `settle` is called once: with no error when the answer ended, or with the failure and whether an
 * answer had started (then the sink was destroyed: a client cannot take a part for the whole).
 * A sink that closes before the end (the client left) aborts the backend request.
 */
export class AnswerSink implements Dispatcher.DispatchHandler {
  private abort?: (reason?: Error) => void;
  private sink?: Writable;
  private settled = false;
  private answered = false;

  constructor(private readonly choose: (head: BackendHead) => Writable, private readonly settle: (error?: unknown, answered?: boolean) => void) {}

  onConnect(abort: (reason?: Error) => void): void {
    this.abort = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    if (statusCode < 200) return true;
    this.answered = true;
    const sink = this.choose({ statusCode, headers: headersOf(rawHeaders) });
    this.sink = sink;
    const stop = (error?: Error) => {
      if (!this.settled) this.abort?.(error instanceof Error ? error : sinkClosed());
    };
    // A client that left while the backend was still answering: its response is already closed.
    if (sink.destroyed) {
      stop();
      return false;
    }
    sink.on('drain', resume);
    sink.on('error', stop);
    sink.once('close', stop);
    return !sink.writableNeedDrain;
  }

  onData(chunk: Buffer): boolean {
    return this.sink!.write(chunk);
  }

  onComplete(): void {
    this.settled = true;
    this.sink?.end();
    this.settle();
  }

  onError(error: Error): void {
    if (this.settled) return;
    this.settled = true;
    // No error passed on: the sink's own 'error' is for its own failures; this one is the caller's.
    this.sink?.destroy();
    this.settle(error, this.answered);
  }
}
