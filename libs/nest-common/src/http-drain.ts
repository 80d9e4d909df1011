import { Injectable } from '@nestjs/common';
import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

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
 *
 * It follows connections, not requests: a request costs it nothing until a drain begins (a
 * listener and a set entry per request were 1–3 % of the gateway's GetCallerIdentity path,
 * docs/performance.md). The request in flight on a connection is the response Node has
 * attached to its socket (`_httpMessage`, which Node's own server uses to queue pipelined ones);
 * a pipelined answer queued behind it keeps its connection open, which is then closed as an idle
 * one after the grace (pipelining clients are rare, and the race is the one every idle connection has).
 */
export class HttpDrain {
  private readonly connections = new Set<Socket>();

  constructor(private readonly server: Server, private readonly state = new DrainState()) {
    server.on('connection', (socket: Socket) => {
      this.connections.add(socket);
      socket.once('close', () => this.connections.delete(socket));
    });
  }

  get isDraining(): boolean {
    return this.state.draining;
  }

  /** Resolves once every connection is closed, or at `deadlineMs` (then whatever is left is cut). */
  async drain(deadlineMs: number): Promise<void> {
    this.state.begin();
    // Every answer from now on ends its connection; the answers in flight too, if their headers are not out yet.
    this.server.prependListener('request', (_request, response: ServerResponse) => response.setHeader('connection', 'close'));
    for (const socket of this.connections) {
      const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
      if (inFlight && !inFlight.headersSent) inFlight.setHeader('connection', 'close');
    }
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
