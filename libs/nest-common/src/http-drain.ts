import { Injectable } from '@nestjs/common';
import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';

/** How long connections in use may send one more request (answered with `Connection: close`) before idle ones are closed. */
export const KEEP_ALIVE_GRACE_MS = 1000;

/**
 * Whether the process has begun leaving service. Readiness reads it (503 from the first moment of a
 * drain, so a load balancer probing on a kept-alive connection stops sending); liveness does not.
 */
@Injectable()
export class DrainState {
  private started = false;

  get draining(): boolean {
    return this.started;
  }

  begin(): void {
    this.started = true;
  }
}

/**
 * Takes an HTTP server out of service without failing a request (issue 13: rolling restarts):
 * it stops accepting connections (a client, or a load balancer, is refused and goes to another
 * replica), answers every request it has, and ends each keep-alive connection with
 * `Connection: close` on its next answer, so no client sends a request on a socket the server is
 * about to close. Connections left idle through KEEP_ALIVE_GRACE_MS are closed then.
 */
export class HttpDrain {
  private readonly unanswered = new Set<ServerResponse>();

  constructor(private readonly server: Server, private readonly state = new DrainState()) {
    server.prependListener('request', (_request, response: ServerResponse) => {
      if (state.draining) response.setHeader('connection', 'close');
      this.unanswered.add(response);
      response.once('close', () => this.unanswered.delete(response));
    });
  }

  get isDraining(): boolean {
    return this.state.draining;
  }

  /** Resolves once every connection is closed, or at `deadlineMs` (then whatever is left is cut). */
  async drain(deadlineMs: number): Promise<void> {
    this.state.begin();
    for (const response of this.unanswered) if (!response.headersSent) response.setHeader('connection', 'close');
    const closed = new Promise<void>((resolve) => this.server.once('close', () => resolve()));
    // net.Server#close only stops the listener; http.Server#close would also cut idle keep-alive
    // connections at once, racing a client that is just sending its next request on one.
    NetServer.prototype.close.call(this.server);
    const giveUpAt = Date.now() + deadlineMs;
    if (!(await settlesWithin(closed, Math.min(KEEP_ALIVE_GRACE_MS, deadlineMs)))) {
      this.server.closeIdleConnections();
      if (!(await settlesWithin(closed, Math.max(0, giveUpAt - Date.now())))) this.server.closeAllConnections();
    }
  }
}

async function settlesWithin(work: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const done = await Promise.race([work.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)))]);
  clearTimeout(timer);
  return done;
}
