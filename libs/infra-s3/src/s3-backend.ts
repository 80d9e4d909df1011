import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { deriveSigningKey, formatAmzDate, S3Error, signSigV4 } from '#domain';

export interface S3BackendOptions {
  /** http(s)://host[:port] of any S3 endpoint (AWS, MinIO, Ceph RGW, the embedded s3rver). */
  url: string;
  accessKey: string;
  secretKey: string;
  region: string;
  /** A connection that does not open within this long counts as the backend being down. Default 5 s. */
  connectTimeoutMs?: number;
}

/** One request towards the backend, path-style, with the headers to keep (unsigned names are signed here). */
export interface BackendRequest {
  method: string;
  /** `/bucket/key`, percent-encoded as the client sent it. */
  path: string;
  /** Raw query without `X-Amz-*` authentication parameters. */
  query: string;
  headers: Array<[string, string]>;
  /** The hex SHA-256 the client declared (the backend checks it too), or UNSIGNED-PAYLOAD once the gateway verified the body. */
  payloadHash: string;
  body?: Readable | Buffer;
}

const unavailable = (cause?: unknown) =>
  new S3Error('ServiceUnavailable', 'The object storage backend is not reachable; please retry.', { cause });

/**
 * The S3 backend every gateway fronts: requests re-signed with the backend's keys (SigV4, service
 * s3), bodies streamed both ways without buffering. A backend that cannot be reached is a
 * ServiceUnavailable at once; any answer it gives is passed through by the caller unchanged.
 */
export class S3Backend {
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;
  private readonly basePath: string;
  private signingKey?: { date: string; key: Buffer };

  constructor(private readonly options: S3BackendOptions) {
    this.base = new URL(options.url);
    this.basePath = this.base.pathname.replace(/\/$/, '');
    this.transport = this.base.protocol === 'https:' ? https : http;
    this.agent = new this.transport.Agent({ keepAlive: true, maxSockets: 256 });
  }

  /** The backend's signing key is the same all day: derived once per UTC date, not looked up per request. */
  private signingKeyFor(now: Date): Buffer {
    const date = formatAmzDate(now).slice(0, 8);
    if (this.signingKey?.date !== date) {
      this.signingKey = { date, key: deriveSigningKey(this.options.secretKey, date, this.options.region, 's3') };
    }
    return this.signingKey.key;
  }

  get endpoint(): string {
    return this.base.origin;
  }

  /** Resolves with the backend's response (any status); rejects with ServiceUnavailable, or the body stream's own error. */
  send(request: BackendRequest): Promise<IncomingMessage> {
    const path = `${this.basePath}${request.path}`;
    const now = new Date();
    const headers = signSigV4(
      { method: request.method, host: this.base.host, path, query: request.query, body: '', headers: Object.fromEntries(request.headers), payloadHash: request.payloadHash },
      { accessKey: this.options.accessKey, secretKey: this.options.secretKey, region: this.options.region, service: 's3', now, signingKey: this.signingKeyFor(now) },
    );
    return new Promise((resolve, reject) => {
      let bodyError: unknown;
      const outgoing = this.transport.request({
        protocol: this.base.protocol, hostname: this.base.hostname, port: this.base.port, method: request.method,
        path: request.query ? `${path}?${request.query}` : path, headers, agent: this.agent,
      });
      const connectTimer = setTimeout(() => outgoing.destroy(unavailable()), this.options.connectTimeoutMs ?? 5000);
      outgoing.once('socket', (socket) => {
        if (!socket.connecting) clearTimeout(connectTimer);
        else socket.once('connect', () => clearTimeout(connectTimer));
      });
      outgoing.once('response', (response) => {
        clearTimeout(connectTimer);
        resolve(response);
      });
      outgoing.once('error', (error) => {
        clearTimeout(connectTimer);
        reject(bodyError ?? (error instanceof S3Error ? error : unavailable(error)));
      });
      const { body } = request;
      if (body === undefined) outgoing.end();
      else if (Buffer.isBuffer(body)) outgoing.end(body);
      else {
        // A body that fails verification aborts the upload: the backend never sees it complete.
        body.once('error', (error) => {
          bodyError = error;
          outgoing.destroy(error);
        });
        body.pipe(outgoing);
      }
    });
  }

  /** Whether the backend answers HTTP at all (readiness). */
  async reachable(timeoutMs = 1000): Promise<boolean> {
    return new Promise((resolve) => {
      const probe = this.transport.request({ protocol: this.base.protocol, hostname: this.base.hostname, port: this.base.port, method: 'HEAD', path: '/', agent: this.agent, timeout: timeoutMs });
      probe.once('response', (response) => {
        response.resume();
        resolve(true);
      });
      probe.once('timeout', () => probe.destroy());
      probe.once('error', () => resolve(false));
      probe.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
