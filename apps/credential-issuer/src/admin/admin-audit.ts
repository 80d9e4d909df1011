import { Injectable } from '@nestjs/common';
import { AdminOperations, StsError, wireCode, type AdminEnvelope, type AdminSubject } from '#contracts';
import { parseAuthorization } from '#domain';
import { AuditPublisher, type AuditRecord } from '#infra-nats';

export const isAdminSubject = (subject: string): subject is AdminSubject => Object.prototype.hasOwnProperty.call(AdminOperations, subject);

type RawAdminMessage = Partial<AdminEnvelope> & Record<string, unknown>;

/** What the operation acts on, from the request's own fields (never a secret). */
function targetOf(data: RawAdminMessage): string | undefined {
  const named = [data.accessKey, data.group, data.name, data.user].find((value) => typeof value === 'string');
  if (typeof named === 'string') return named;
  const target = data.target as { kind?: unknown; name?: unknown } | undefined;
  if (target && typeof target.name === 'string') return `${String(target.kind)}:${target.name}`;
  if (data.selector && typeof data.selector === 'object') return JSON.stringify(data.selector);
  return undefined;
}

/** The signer as it named itself in the Authorization header, before any proof. */
function signerOf(data: RawAdminMessage): string | undefined {
  const authorization = data.signed?.headers?.find(([name]) => name.toLowerCase() === 'authorization')?.[1];
  if (!authorization) return undefined;
  try {
    return parseAuthorization(authorization).accessKey;
  } catch {
    return undefined;
  }
}

const errorCodeOf = (error: unknown) => (error instanceof StsError ? wireCode(error.code) : error instanceof Error ? error.name : 'InternalError');

/**
 * Every admin operation in the audit trail: who (the signing access key), from where (the caller's
 * address at the gateway), which operation on which target, and how it ended. An authorized
 * operation is recorded as `attempted` before it runs; if the audit stream cannot take that, the
 * operation is refused with ServiceUnavailable and nothing changes (fail closed).
 */
@Injectable()
export class AdminAudit {
  constructor(private readonly audit: AuditPublisher) {}

  refused(subject: string, data: unknown, error: unknown): Promise<void> {
    return this.audit.recordBestEffort({ ...this.describe(subject, data), outcome: 'refused', errorCode: errorCodeOf(error) });
  }

  attempted(subject: string, data: unknown): Promise<void> {
    return this.audit.record({ ...this.describe(subject, data), outcome: 'attempted' });
  }

  finished(subject: string, data: unknown, error?: unknown): Promise<void> {
    return this.audit.recordBestEffort({ ...this.describe(subject, data), outcome: error === undefined ? 'succeeded' : 'failed', ...(error === undefined ? {} : { errorCode: errorCodeOf(error) }) });
  }

  private describe(subject: string, raw: unknown): Omit<AuditRecord, 'outcome'> {
    const data = (raw && typeof raw === 'object' ? raw : {}) as RawAdminMessage;
    return {
      time: new Date().toISOString(),
      requestId: typeof data.requestId === 'string' ? data.requestId : '',
      action: `admin:${subject.replace(/^sts\.admin\./, '')}`,
      claimedIdentity: signerOf(data),
      target: targetOf(data),
      sourceIp: typeof data.client?.sourceIp === 'string' ? data.client.sourceIp : undefined,
    };
  }
}
