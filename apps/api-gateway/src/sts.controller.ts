import { All, Controller, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StsError } from '#contracts';
import { toStsHttpRequest } from './sts-http-request.js';
import { StsService } from './sts.service.js';

@Controller()
export class StsController {
  constructor(private readonly sts: StsService) {}

  /** STS lives on `POST /` only (MinIO §0); other methods get an STS error, not a 404 page. */
  @All('/')
  async handle(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (request.method !== 'POST') throw new StsError('MethodNotAllowed', 'The specified method is not allowed against this resource.');
    const xml = await this.sts.handle(toStsHttpRequest(request));
    reply.status(200).header('content-type', 'application/xml').header('x-amz-request-id', request.id).header('x-amzn-requestid', request.id).send(xml);
  }
}
