import { Injectable, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Events, type AuditEvent, type IssuedCredentials } from '#contracts';
import { StsClient } from '#infra-nats';
import type { StsHttpRequest } from './sts-http-request.js';

/** What an action learned that the audit line should carry; filled by the action, read once. */
const issued = new WeakMap<StsHttpRequest, IssuedCredentials>();

/** Called by every issuing action with what the issuer returned. */
export function recordIssued(request: StsHttpRequest, credentials: IssuedCredentials): void {
  issued.set(request, credentials);
}

/** The caller as it named itself: the signing access key, or the LDAP username. Never a secret. */
function claimedIdentity(request: StsHttpRequest | undefined): string | undefined {
  if (!request) return undefined;
  const signer = /Credential=([^/,\s]+)\//.exec(request.authorization ?? '')?.[1];
  return signer ?? request.params.get('LDAPUsername') ?? undefined;
}

/**
 * Every STS call that issues or is refused becomes one `sts.events.audit` line, with the request id
 * the client saw. Secrets have no field to land in.
 */
@Injectable()
export class AuditTrail {
  private readonly logger = new Logger(AuditTrail.name);

  constructor(private readonly events: StsClient) {}

  /** Issuances and refusals only: a successful GetCallerIdentity issues nothing and is not audited. */
  publish(http: FastifyRequest, sts: StsHttpRequest | undefined, errorCode?: string): void {
    const credentials = sts && issued.get(sts);
    if (!credentials && !errorCode) return;
    const event: AuditEvent = {
      time: new Date().toISOString(),
      requestId: http.id,
      action: sts?.params.get('Action') ?? '',
      outcome: errorCode ? 'refused' : 'issued',
      errorCode,
      claimedIdentity: claimedIdentity(sts),
      provider: credentials?.issuedTo?.provider,
      parent: credentials?.issuedTo?.parent,
      policies: credentials?.issuedTo?.policies,
      accessKey: credentials?.accessKeyId,
      expiration: credentials?.expiration,
      sourceIp: http.ip,
      userAgent: typeof http.headers['user-agent'] === 'string' ? http.headers['user-agent'].slice(0, 512) : undefined,
    };
    try {
      this.events.emit(Events.Audit, event);
    } catch (error) {
      this.logger.warn(`could not publish the audit event of request ${http.id}: ${(error as Error).message}`);
    }
  }
}
