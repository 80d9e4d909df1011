import { Injectable } from '@nestjs/common';
import type { IssuedCredentials } from '#contracts';
import { parseAuthorization } from '#domain';
import { AuditPublisher, type AuditRecord } from '#infra-nats';
import type { StsHttpRequest } from './sts-http-request.js';

/** Where a call came from, as the audit line records it. */
export interface CallOrigin {
  requestId: string;
  sourceIp?: string;
  userAgent?: string;
}

/** How a call ended, as far as the audit line cares: what was issued, or the code it was refused with. */
export interface AuditOutcome {
  issued?: IssuedCredentials;
  errorCode?: string;
}

/** The caller as it named itself: the signing access key, or the LDAP username. Never a secret. */
function claimedIdentity(request: StsHttpRequest | undefined): string | undefined {
  if (!request) return undefined;
  // The header as the request already parsed it; parsed here only when nobody did.
  return (request.sigv4?.accessKey ?? signingAccessKey(request.authorization)) ?? request.params.get('LDAPUsername') ?? undefined;
}

function signingAccessKey(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  try {
    return parseAuthorization(authorization).accessKey;
  } catch {
    return undefined;
  }
}

/**
 * Every STS call that issues or is refused becomes one line in the audit stream, with the request id
 * the client saw. Secrets have no field to land in; every field is capped (capAuditEvent).
 */
@Injectable()
export class AuditTrail {
  constructor(private readonly audit: AuditPublisher) {}

  /**
   * Issuances and refusals only: a successful GetCallerIdentity issues nothing and is not audited.
   * An issuance the stream cannot record throws ServiceUnavailable (fail closed): the caller must
   * not send the credentials. A refusal is recorded as well as can be; it is refused either way.
   */
  async publish(origin: CallOrigin, sts: StsHttpRequest | undefined, { issued, errorCode }: AuditOutcome): Promise<void> {
    if (!issued && !errorCode) return;
    const event: AuditRecord = {
      time: new Date().toISOString(),
      requestId: origin.requestId,
      action: sts?.params.get('Action') ?? '',
      outcome: errorCode ? 'refused' : 'issued',
      errorCode,
      claimedIdentity: claimedIdentity(sts),
      provider: issued?.issuedTo?.provider,
      parent: issued?.issuedTo?.parent,
      policies: issued?.issuedTo?.policies,
      accessKey: issued?.accessKeyId,
      expiration: issued?.expiration,
      sourceIp: origin.sourceIp,
      userAgent: origin.userAgent?.slice(0, 512),
    };
    if (issued) await this.audit.record(event);
    else await this.audit.recordBestEffort(event);
  }
}
