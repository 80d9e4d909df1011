import { All, Controller, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminOperations, StsError } from '#contracts';
import { StsClient } from '#infra-nats';
import { ADMIN_ROUTES } from './admin-routes.js';
import { requestBody, signedRequestOf } from './sts-http-request.js';

const PREFIX = '/minio/admin/v3/';

/** The admin API: parse and validate here, authenticate and apply in the issuer (the gateway holds no keys). */
@Controller('minio/admin/v3')
export class AdminController {
  constructor(private readonly client: StsClient) {}

  @All('*')
  async handle(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = requestBody(request);
    const signed = signedRequestOf(request, body);
    const path = signed.path.startsWith(PREFIX) ? signed.path.slice(PREFIX.length) : '';
    const candidates = ADMIN_ROUTES.filter((r) => r.path === path);
    const route = candidates.find((r) => r.method === request.method);
    if (!route) {
      throw candidates.length > 0
        ? new StsError('MethodNotAllowed', `Use ${candidates.map((r) => r.method).join(' or ')} for ${path}.`)
        : new StsError('NotFound', `No admin API named ${path || '(empty)'}.`);
    }
    const parsed = AdminOperations[route.subject].request.safeParse({ ...route.build(new URLSearchParams(signed.query), body), requestId: request.id, signed, sourceIp: request.ip });
    if (!parsed.success) {
      throw new StsError('InvalidParameterValue', parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; '));
    }
    const result = await this.client.request(route.subject, parsed.data as never);
    reply.status(200).header('content-type', 'application/json').header('x-amz-request-id', request.id).send(JSON.stringify(result));
  }
}
