import type { IncomingHttpHeaders } from 'node:http';
import type { Readable, Writable } from 'node:stream';
import { Pool } from 'undici';
import { deriveSigningKey, formatAmzDate, HmacSha256Key, S3Error, signSigV4 } from '#domain';
import type { BackendHead, BackendResponse } from './backend-response.js';
import { AnswerSink } from './answer-sink.js';
import { slabReadingConnector } from './slab-reads.js';
import { StreamedUploads } from './streamed-upload.js';

export type { BackendHead, BackendResponse } from './backend-response.js';

export interface S3BackendOptions {
  /** http(s)://host[:port] of any S3 endpoint (AWS, MinIO, Ceph RGW, the embedded s3rver). */
  url: string;
  accessKey: string;
  secretKey: string;
  region: string;
  /** A connection that does not open within this long counts as the backend being down. Default 5 s. */
  connectTimeoutMs?: number;
  /** Connections kept open towards the backend at most. Default 256. */
  connections?: number;
  /** The backend must answer (status and headers) within this long after the request body was sent. Default 300 s. */
  headersTimeoutMs?: number;
  /** The longest pause between two pieces of an answer's body while the gateway is reading it. Default 300 s. */
  bodyTimeoutMs?: number;
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


const DAY_MS = 86_400_000;

const unavailable = (cause?: unknown) =>
  new S3Error('ServiceUnavailable', 'The object storage backend is not reachable; please retry.', { cause });

/**
 * The S3 backend every gateway fronts: requests re-signed with the backend's keys (SigV4, service
 * s3), bodies streamed both ways without buffering. A backend that cannot be reached is a
 * ServiceUnavailable at once; any answer it gives is passed through by the caller unchanged.
 * undici's pool rather than `http.request` for all but streamed uploads: about a third less gateway
 * CPU per small request and per MiB downloaded (measured in docs/performance.md, "Gateway").
 */
export class S3Backend {
  private readonly base: URL;
  private readonly pool: Pool;
  private readonly uploads: StreamedUploads;
  private readonly basePath: string;
  private signingKey?: { day: number; key: HmacSha256Key };

  constructor(private readonly options: S3BackendOptions) {
    this.base = new URL(options.url);
    this.basePath = this.base.pathname.replace(/\/$/, '');
    this.pool = new Pool(this.base.origin, {
      connections: options.connections ?? 256,
      // Over plain HTTP each socket reads into slabs (SlabReads); TLS keeps Node's reads.
      connect: this.base.protocol === 'http:' ? slabReadingConnector(options.connectTimeoutMs ?? 5000) : { timeout: options.connectTimeoutMs ?? 5000 },
      headersTimeout: options.headersTimeoutMs ?? 300_000,
      bodyTimeout: options.bodyTimeoutMs ?? 300_000,
    });
    this.uploads = new StreamedUploads(this.base, options.connectTimeoutMs ?? 5000, options.connections ?? 256);
  }

  /**
   * The backend's signing key is the same all day: derived once per UTC date, not looked up per
   * request (with its HMAC pads); the day is compared as a number, the date string formatted only
   * when it changes.
   */
  private signingKeyFor(now: Date): HmacSha256Key {
    const day = Math.floor(now.getTime() / DAY_MS);
    if (this.signingKey?.day !== day) {
      const date = formatAmzDate(now).slice(0, 8);
      this.signingKey = { day, key: new HmacSha256Key(deriveSigningKey(this.options.secretKey, date, this.options.region, 's3')) };
    }
    return this.signingKey.key;
  }

  get endpoint(): string {
    return this.base.origin;
  }

  /** Resolves with the backend's response (any status); rejects with ServiceUnavailable, or the body stream's own error. */
  async send(request: BackendRequest): Promise<BackendResponse> {
    const { target, headers } = this.signed(request);
    const { body } = request;
    if (body !== undefined && !Buffer.isBuffer(body)) return this.uploads.send(request.method, target, headers, body, unavailable);
    try {
      const answer = await this.pool.request({ method: request.method, path: target, headers, body });
      return { statusCode: answer.statusCode, headers: answer.headers as IncomingHttpHeaders, body: answer.body };
    } catch (error) {
      throw error instanceof S3Error ? error : unavailable(error);
    }
  }

  /**
   * For a request without a streamed body: the answer's bytes go straight into the writable `sink`
   * returns once status and headers are known, with no body stream in between (undici's dispatch
   * with AnswerSink). Relaying a download that way cost a quarter to a half less CPU per MiB than
   * piping `send`'s body (docs/performance.md, "S3 relay"). Rejects with ServiceUnavailable when the
   * backend gave no answer; a failure after that destroys the sink (a client cannot take a part for
   * the whole) and rejects with the failure; a sink closed early (the client left) aborts the backend
   * request. Resolves once the answer ended and the sink was ended.
   */
  stream(request: BackendRequest & { body?: Buffer }, sink: (head: BackendHead) => Writable): Promise<void> {
    const { target, headers } = this.signed(request);
    return new Promise((resolve, reject) => {
      const settle = (error?: unknown, answered?: boolean) => {
        if (error === undefined) resolve();
        else reject(answered || error instanceof S3Error ? error : unavailable(error));
      };
      this.pool.dispatch({ method: request.method, path: target, headers, body: request.body }, new AnswerSink(sink, settle));
    });
  }

  /** The path with its query and the headers signed with the backend's keys. */
  private signed(request: BackendRequest): { target: string; headers: Record<string, string> } {
    const path = `${this.basePath}${request.path}`;
    const now = new Date();
    const headers = signSigV4(
      { method: request.method, host: this.base.host, path, query: request.query, body: '', headers: Object.fromEntries(request.headers), payloadHash: request.payloadHash },
      { accessKey: this.options.accessKey, secretKey: this.options.secretKey, region: this.options.region, service: 's3', now, signingKey: this.signingKeyFor(now) },
    );
    return { target: request.query ? `${path}?${request.query}` : path, headers };
  }

  /** Whether the backend answers HTTP at all (readiness). */
  async reachable(timeoutMs = 1000): Promise<boolean> {
    try {
      const answer = await this.pool.request({ method: 'HEAD', path: '/', signal: AbortSignal.timeout(timeoutMs) });
      answer.body.resume();
      return true;
    } catch {
      return false;
    }
  }

  close(): void {
    this.uploads.close();
    void this.pool.destroy().catch(() => undefined);
  }
}
