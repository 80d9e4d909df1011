import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

interface Pending {
  request: IncomingMessage;
  response: ServerResponse;
  deadline: number;
}

/**
 * The whole-request deadline of STS, admin and health calls: a request whose body has not fully
 * arrived `deadlineMs` after its headers gets 408 and a closed connection, as Node's own
 * `requestTimeout` would answer. Pending requests are kept by connection and swept every
 * `sweepMs` (Node checks its header deadline the same way), so a request costs a map write
 * instead of a timer and a 'close' listener; the deadline is kept to within `sweepMs`. A
 * connection holds one request at a time (HTTP/1.1 reads the next only after this body), and at
 * most its latest one is retained here, until the next sweep.
 */
export class RequestDeadlines {
  private readonly pending = new Map<Socket, Pending>();
  private sweeper?: NodeJS.Timeout;

  constructor(private readonly deadlineMs: number, private readonly sweepMs: number) {}

  /** Sweeps while `server` is open. */
  watch(server: Server): void {
    server.once('listening', () => {
      this.sweeper = setInterval(() => this.sweep(Date.now()), this.sweepMs).unref();
    });
    server.once('close', () => clearInterval(this.sweeper));
  }

  guard(handler: RequestListener): RequestListener {
    return (request, response) => {
      this.pending.set(request.socket, { request, response, deadline: Date.now() + this.deadlineMs });
      handler(request, response);
    };
  }

  sweep(now: number): void {
    for (const [socket, { request, response, deadline }] of this.pending) {
      // Answered already (an early 413 while Node drops the rest) counts as done, as it did for Node's own deadline.
      if (socket.destroyed || request.complete || response.writableFinished) this.pending.delete(socket);
      else if (now >= deadline) {
        this.pending.delete(socket);
        timeOut(request, response);
      }
    }
  }
}

function timeOut(request: IncomingMessage, response: ServerResponse): void {
  if (response.headersSent) return void request.socket.destroy();
  response.writeHead(408, { connection: 'close' });
  response.end(() => request.socket.destroy());
}
