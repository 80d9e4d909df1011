import { Agent, request } from 'node:http';
import { signSigV4 } from '#domain';
import { stsError, xmlField, type Keys } from './sts-http.js';

export type LoadKind = 'AssumeRole' | 'GetCallerIdentity';

/** One HTTP exchange: its answer (status and STS error code) or the network error that ended it. */
export interface Exchange {
  kind: LoadKind;
  gateway: string;
  startedAt: number;
  endedAt: number;
  status?: number;
  code?: string;
  error?: string;
  /** 1 for a request's first try, 2… for its retries after a ServiceUnavailable. */
  attempt: number;
}

const BODIES: Record<LoadKind, string> = {
  AssumeRole: 'Action=AssumeRole&Version=2011-06-15&DurationSeconds=900',
  GetCallerIdentity: 'Action=GetCallerIdentity&Version=2011-06-15',
};
const REQUEST_TIMEOUT_MS = 15_000;
const RETRY_PAUSE_MS = 100;

/**
 * Concurrent loops of real STS requests through the gateways, as clients behind a load balancer
 * see them: keep-alive connections; a refused connection goes to the next gateway (what a load
 * balancer does with a replica that is gone); with `retries`, a ServiceUnavailable answer is
 * tried again up to that many times. Every exchange is recorded, and every credential AssumeRole
 * returned is kept.
 */
export class SteadyLoad {
  readonly exchanges: Exchange[] = [];
  /** Every credential AssumeRole returned, with when its answer came. */
  readonly issued: Array<Keys & { at: number }> = [];
  /** Requests that never got a 200 after their retries (or hit something else than ServiceUnavailable). */
  readonly lost: Exchange[] = [];
  private readonly agent = new Agent({ keepAlive: true });
  private readonly loops: Promise<void>[] = [];
  private stopping = false;
  private next = 0;

  constructor(private readonly gateways: string[], private readonly keys: Record<LoadKind, Keys>, private readonly retries = 0) {}

  start(loops: Record<LoadKind, number>): void {
    for (const kind of Object.keys(loops) as LoadKind[]) {
      for (let i = 0; i < loops[kind]; i++) this.loops.push(this.loop(kind));
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.loops);
    this.agent.destroy();
  }

  /** 200 answers per second of `kind` that ended in [from, to). */
  rate(kind: LoadKind, from: number, to: number): number {
    const ok = this.exchanges.filter((e) => e.kind === kind && e.status === 200 && e.endedAt >= from && e.endedAt < to).length;
    return ok / ((to - from) / 1000);
  }

  private async loop(kind: LoadKind): Promise<void> {
    while (!this.stopping) {
      for (let attempt = 1; ; attempt++) {
        const exchange = await this.once(kind, attempt);
        if (exchange.status === 200) break;
        const retryable = exchange.status === 503 && exchange.code === 'ServiceUnavailable' && attempt <= this.retries;
        if (!retryable) {
          this.lost.push(exchange);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
      }
    }
  }

  /** One request, sent to the next gateway that accepts the connection. */
  private async once(kind: LoadKind, attempt: number): Promise<Exchange> {
    for (let tries = 0; ; tries++) {
      const gateway = this.gateways[this.next++ % this.gateways.length];
      const startedAt = Date.now();
      const reply = await this.post(gateway, kind);
      if (reply.error === 'ECONNREFUSED' && tries < 20 * this.gateways.length) {
        if (tries % this.gateways.length === this.gateways.length - 1) await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      const exchange: Exchange = { kind, gateway, startedAt, endedAt: Date.now(), attempt, ...reply };
      this.exchanges.push(exchange);
      if (exchange.status === 200 && kind === 'AssumeRole') this.issued.push({ ...credentials(reply.body!), at: exchange.endedAt });
      return exchange;
    }
  }

  private post(gateway: string, kind: LoadKind): Promise<{ status?: number; code?: string; error?: string; body?: string }> {
    const url = new URL(gateway);
    const body = BODIES[kind];
    const headers = signSigV4(
      { method: 'POST', host: url.host, path: '/', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      { ...toSigner(this.keys[kind]), region: 'us-east-1', service: 'sts', now: new Date() },
    );
    return new Promise((resolve) => {
      const req = request({ host: url.hostname, port: url.port, method: 'POST', path: '/', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, agent: this.agent, timeout: REQUEST_TIMEOUT_MS }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode, code: stsError(text).code, body: text });
        });
        res.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'TIMEOUT' })));
      req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
      req.end(body);
    });
  }
}

function toSigner(keys: Keys) {
  return { accessKey: keys.accessKeyId, secretKey: keys.secretAccessKey, sessionToken: keys.sessionToken };
}

function credentials(xml: string): Keys {
  return { accessKeyId: xmlField(xml, 'AccessKeyId')!, secretAccessKey: xmlField(xml, 'SecretAccessKey')!, sessionToken: xmlField(xml, 'SessionToken')! };
}
