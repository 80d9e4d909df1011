import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { StsError, wireCode } from '#contracts';
import { AuditTrail, type CallOrigin } from './audit-trail.js';
import { ClientAddress } from './client-address.js';
import { GATEWAY_CONFIG, type GatewayConfig } from './config.js';
import { nextRequestId } from './request-id.js';
import { readStsBody } from './sts-body.js';
import { toStsError } from './sts-error.filter.js';
import { toStsHttpRequest, type StsHttpRequest } from './sts-http-request.js';
import { errorXml } from './sts-xml.js';
import { StsService } from './sts.service.js';
import { UnauditedCredentials } from './unaudited-credentials.js';

/**
 * `POST /`: read the form, run the action, audit from its outcome, answer XML. Every failure is the
 * STS ErrorResponse with the request id the client sees; unknown errors are logged, never shown.
 */
@Injectable()
export class StsEndpoint {
  private readonly logger = new Logger(StsEndpoint.name);
  private readonly clients: ClientAddress;

  constructor(
    private readonly sts: StsService,
    private readonly audit: AuditTrail,
    private readonly unaudited: UnauditedCredentials,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {
    this.clients = new ClientAddress(config.trustedProxies);
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = nextRequestId();
    let body: Buffer;
    try {
      body = await readStsBody(request, this.config.maxBodyBytes);
    } catch (error) {
      return answerError(response, toStsError(error, this.logger, requestId), requestId);
    }
    const userAgent = request.headers['user-agent'];
    const origin: CallOrigin = { requestId, sourceIp: this.clients.ip(request), userAgent };
    let sts: StsHttpRequest | undefined;
    try {
      sts = toStsHttpRequest(request, body, requestId, origin.sourceIp);
      const { xml, issued } = await this.sts.handle(sts);
      // Only issuances are audited on success (AuditTrail.publish): a GetCallerIdentity skips the call.
      if (issued) {
        try {
          await this.audit.publish(origin, sts, { issued });
        } catch (error) {
          await this.unaudited.discard(issued, requestId);
          throw error;
        }
      }
      answer(response, 200, xml, requestId);
    } catch (error) {
      // A refusal is recorded in the background: it must not delay the answer (e.g. while NATS is down).
      void this.audit.publish(origin, sts, { errorCode: error instanceof StsError ? wireCode(error.code) : 'InternalError' });
      answerError(response, toStsError(error, this.logger, requestId), requestId);
    }
  }
}

function answer(response: ServerResponse, status: number, xml: string, requestId: string): void {
  // The request deadline may have answered 408 already.
  if (response.headersSent) return;
  response.writeHead(status, {
    'content-type': 'application/xml',
    'x-amz-request-id': requestId,
    'x-amzn-requestid': requestId,
    'content-length': Buffer.byteLength(xml),
  });
  response.end(xml);
}

const answerError = (response: ServerResponse, error: StsError, requestId: string): void =>
  answer(response, error.status, errorXml(error.code, error.message, requestId), requestId);
