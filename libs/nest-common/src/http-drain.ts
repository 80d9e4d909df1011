import { Injectable } from '@nestjs/common';
import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

/**
 * How long after its last answer Node's server closes an idle keep-alive connection, beyond the
 * `Keep-Alive: timeout=N` it advertises (Node 20's HTTP_SERVER_KEEP_ALIVE_TIMEOUT_BUFFER; its
 * client Agent stops reusing a socket 1 s before N, so the two never race).
 */
export const NODE_KEEP_ALIVE_BUFFER_MS = 1000;

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
 * `Connection: close` on its next answer. An idle keep-alive connection is left to the server's
 * own keep-alive timer, the close its client was promised by `Keep-Alive: timeout=N`: closing it
 * earlier races a client that is just sending its next request on it (ECONNRESET, a lost request;
 * the rolling-restart e2e lost one so). The deadline must therefore outlast that timer
 * (HTTP_DRAIN_DEADLINE_MS); what is still open at the deadline is cut.
 *
 * It follows connections, not requests: a request costs it nothing until a drain begins (a
 * listener and a set entry per request were 1–3 % of the gateway's GetCallerIdentity path,
 * docs/performance.md). The request in flight on a connection is the response Node has
 * attached to its socket (`_httpMessage`, which Node's own server uses to queue pipelined ones);
 * a pipelined answer queued behind it keeps its connection open, which is then closed as an idle
 * one by the keep-alive timer (pipelining clients are rare, and the race is the one every idle connection has).
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
    // net.Server#close only stops the listener (and emits 'close' once every connection is gone);
    // http.Server#close would also cut idle keep-alive connections at once.
    NetServer.prototype.close.call(this.server);
    if (!(await settlesWithin(closed, deadlineMs))) this.server.closeAllConnections();
  }
}

async function settlesWithin(work: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const done = await Promise.race([work.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)))]);
  clearTimeout(timer);
  return done;
}
