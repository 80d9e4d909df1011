import type { IncomingMessage } from 'node:http';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { parseAuthorization } from '#domain';
import { AuditPublisher, type AuditRecord } from '#infra-nats';

/** The S3 refusals worth an audit line: who failed to prove themselves, or was not allowed. */
const AUDITED = new Set([
  'AccessDenied', 'InvalidAccessKeyId', 'InvalidTokenId', 'ExpiredToken', 'SignatureDoesNotMatch',
  'AuthorizationHeaderMalformed', 'AuthorizationQueryParametersError', 'RequestTimeTooSkewed',
]);
const WINDOW_MS = 1000;
/** Distinct refusals kept per window; beyond it they are counted and the count is logged. */
const MAX_KINDS = 1000;

interface Pending {
  record: AuditRecord;
  count: number;
}

/** The access key a refused request named (Authorization header or presigned query); never a secret. */
export function claimedS3Identity(request: IncomingMessage): string | undefined {
  try {
    const authorization = request.headers.authorization;
    if (authorization) return parseAuthorization(authorization).accessKey;
    const credential = new URL(request.url ?? '/', 'http://s3').searchParams.get('X-Amz-Credential');
    return credential?.split('/', 1)[0] || undefined;
  } catch {
    return undefined;
  }
}

/**
 * S3 refusals go to the audit trail, best effort and off the request path: refusals alike (same
 * code, claimed key, client address and method) are coalesced for a second into one line with a
 * `count`, so a flood of bad requests costs a handful of audit events, not one each. Successful S3
 * calls are not audited (their volume is the object store's, not the STS's).
 */
@Injectable()
export class S3RefusalAudit implements OnApplicationShutdown {
  private readonly logger = new Logger(S3RefusalAudit.name);
  private pending = new Map<string, Pending>();
  private overflow = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly audit: AuditPublisher) {}

  note(code: string, requestId: string, request: IncomingMessage, sourceIp: string | undefined): void {
    if (!AUDITED.has(code)) return;
    const action = `s3:${request.method ?? 'GET'}`;
    const claimedIdentity = claimedS3Identity(request);
    const key = [code, claimedIdentity, sourceIp, action].join('\u0000');
    const seen = this.pending.get(key);
    if (seen) seen.count++;
    else if (this.pending.size >= MAX_KINDS) this.overflow++;
    else {
      const userAgent = request.headers['user-agent']?.slice(0, 512);
      const record: AuditRecord = { time: new Date().toISOString(), requestId, action, outcome: 'refused', errorCode: code, claimedIdentity, sourceIp, userAgent };
      this.pending.set(key, { record, count: 1 });
    }
    this.timer ??= setTimeout(() => this.flush(), WINDOW_MS).unref();
  }

  /** Publishes the window's lines (each with how many refusals it stands for). */
  flush(): void {
    this.timer = undefined;
    const lines = [...this.pending.values()];
    this.pending = new Map();
    if (this.overflow > 0) this.logger.warn(`${this.overflow} S3 refusals in one second were not audited (more than ${MAX_KINDS} kinds)`);
    this.overflow = 0;
    for (const { record, count } of lines) void this.audit.recordBestEffort({ ...record, count });
  }

  onApplicationShutdown(): void {
    clearTimeout(this.timer);
    this.flush();
  }
}
