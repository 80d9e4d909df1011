import { All, Controller, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminOperations, MAX_ADMIN_BODY_BYTES, StsError } from '#contracts';
import { adminOperationOf } from '#domain';
import { StsClient } from '#infra-nats';
import { clientInfoOf, requestBody, signedRequestOf } from './sts-http-request.js';

/**
 * The admin API: parse and validate here, authenticate and apply in the issuer (the gateway holds no
 * keys). The signed request and its body travel along, so the issuer derives the operation itself.
 */
@Controller('minio/admin/v3')
export class AdminController {
  constructor(private readonly client: StsClient) {}

  @All('*')
  async handle(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = requestBody(request);
    if (body.length > MAX_ADMIN_BODY_BYTES) throw new StsError('EntityTooLarge', `Admin request bodies are at most ${MAX_ADMIN_BODY_BYTES} bytes.`);
    const signed = signedRequestOf(request, body);
    const { route, fields } = adminOperationOf(request.method, signed.path, signed.query, body);
    const envelope = { requestId: request.id, signed, body: body.toString('base64'), client: clientInfoOf(request) };
    const parsed = AdminOperations[route.subject].request.safeParse({ ...fields, ...envelope });
    if (!parsed.success) {
      throw new StsError('InvalidParameterValue', parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; '));
    }
    const result = await this.client.request(route.subject, parsed.data as never);
    reply.status(200).header('content-type', 'application/json').header('x-amz-request-id', request.id).send(JSON.stringify(result));
  }
}
