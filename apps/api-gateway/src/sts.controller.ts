import { All, Controller, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StsError, wireCode } from '#contracts';
import { AuditTrail } from './audit-trail.js';
import { toStsHttpRequest, type StsHttpRequest } from './sts-http-request.js';
import { StsService } from './sts.service.js';

@Controller()
export class StsController {
  constructor(private readonly sts: StsService, private readonly audit: AuditTrail) {}

  /** STS lives on `POST /` only (MinIO §0); other methods get an STS error, not a 404 page. */
  @All('/')
  async handle(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    let sts: StsHttpRequest | undefined;
    try {
      if (request.method !== 'POST') throw new StsError('MethodNotAllowed', 'The specified method is not allowed against this resource.');
      sts = toStsHttpRequest(request);
      const { xml, issued } = await this.sts.handle(sts);
      await this.audit.publish(request, sts, { issued });
      reply.status(200).header('content-type', 'application/xml').header('x-amz-request-id', request.id).header('x-amzn-requestid', request.id).send(xml);
    } catch (error) {
      // A refusal is recorded in the background: it must not delay the answer (e.g. while NATS is down).
      void this.audit.publish(request, sts, { errorCode: error instanceof StsError ? wireCode(error.code) : 'InternalError' });
      throw error;
    }
  }
}
