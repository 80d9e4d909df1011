import { StsError, type IssuedCredentials } from '#contracts';
import type { LiveCredentialSource } from '#domain';
import type { StsClient } from '#infra-nats';
import type { StsHttpRequest } from '../sts-http-request.js';

/**
 * What an action answers: the XML for the client and, when it issued credentials, what the audit
 * line records. StsEndpoint audits from this value, so no action can forget to.
 */
export interface ActionOutcome {
  xml: string;
  issued?: IssuedCredentials;
}

/** One STS action, called after the Version check; it throws StsError for anything it refuses. */
export type StsAction = (request: StsHttpRequest) => Promise<ActionOutcome>;

/** What actions may use: the bus, the gateway's credential cache, and the configured region. */
export interface ActionDeps {
  client: StsClient;
  credentials: LiveCredentialSource;
  region?: string;
}

const SIGV4 = /^AWS4-HMAC-SHA256(\s|$)/;

/** Signed actions refuse a request without a SigV4 Authorization header before anything else. */
export function requireSigV4(request: StsHttpRequest): void {
  if (!request.authorization) throw new StsError('AccessDenied', 'Request is missing Authentication Token');
  if (!SIGV4.test(request.authorization)) throw new StsError('AccessDenied', 'Unsupported Authorization Type, only AWS Signature Version 4 is accepted');
}
