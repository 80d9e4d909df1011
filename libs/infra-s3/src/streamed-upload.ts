import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import type { BackendResponse } from './backend-response.js';

/**
 * Uploads with a streamed body go through `http.request` and its agent, as before undici: relaying a
 * 256 MiB upload cost about a quarter less CPU per MiB that way than through undici's pool in an
 * isolated relay measurement (docs/performance.md, "Gateway"); undici serves everything else.
 */
export class StreamedUploads {
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;

  constructor(private readonly base: URL, private readonly connectTimeoutMs: number, maxSockets: number) {
    this.transport = base.protocol === 'https:' ? https : http;
    this.agent = new this.transport.Agent({ keepAlive: true, maxSockets });
  }

  /** Resolves the backend's answer; rejects with the body's own error first, else with `unavailable(cause)`. */
  send(method: string, path: string, headers: Record<string, string>, body: Readable, unavailable: (cause?: unknown) => Error): Promise<BackendResponse> {
    return new Promise((resolve, reject) => {
      let bodyError: unknown;
      const outgoing = this.transport.request({
        protocol: this.base.protocol, hostname: this.base.hostname, port: this.base.port, method, path, headers, agent: this.agent,
      });
      const connectTimer = setTimeout(() => outgoing.destroy(unavailable()), this.connectTimeoutMs);
      outgoing.once('socket', (socket) => {
        if (!socket.connecting) clearTimeout(connectTimer);
        else socket.once('connect', () => clearTimeout(connectTimer));
      });
      outgoing.once('response', (response) => {
        clearTimeout(connectTimer);
        resolve({ statusCode: response.statusCode ?? 502, headers: response.headers, body: response });
      });
      outgoing.once('error', (error) => {
        clearTimeout(connectTimer);
        reject(bodyError ?? unavailable(error));
      });
      // A body that fails verification (or a client that leaves) aborts the upload: the backend never sees it complete.
      body.once('error', (error) => {
        bodyError = error;
        outgoing.destroy(error);
      });
      body.once('close', () => {
        if (!body.readableEnded) outgoing.destroy(bodyError instanceof Error ? bodyError : new Error('the upload body closed before its end'));
      });
      body.pipe(outgoing);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
