import { Controller, Put, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StsError, Subjects } from '#contracts';
import { StsClient } from '#infra-nats';
import { requestBody, signedRequestOf } from './sts-http-request.js';

/**
 * MinIO's admin route spelling, with a plain JSON body instead of madmin's encrypted one. The
 * gateway holds no keys: the issuer authenticates the forwarded signature.
 */
@Controller('minio/admin/v3')
export class AdminController {
  constructor(private readonly client: StsClient) {}

  @Put('add-user')
  async addUser(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = requestBody(request);
    const signed = signedRequestOf(request, body);
    const accessKey = new URLSearchParams(signed.query).get('accessKey') ?? '';
    const { secretKey } = parseJsonObject(body);
    if (typeof secretKey !== 'string') throw new StsError('InvalidParameterValue', 'The body must be JSON with a string "secretKey".');
    await this.client.request(Subjects.AdminUsersAdd, { requestId: request.id, signed, accessKey, secretKey });
    reply.status(200).header('x-amz-request-id', request.id).header('content-type', 'application/json').send('{}');
  }
}

function parseJsonObject(body: Buffer): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new StsError('InvalidParameterValue', 'The body must be a JSON object.');
}
