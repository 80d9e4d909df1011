import { All, Controller, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminOperations, StsError, Subjects, type SignedRequest } from '#contracts';
import { decryptMadminBody, encryptMadminBody, looksMadminEncrypted } from '#domain';
import { StsClient } from '#infra-nats';
import { ADMIN_ROUTES, type AdminRoute } from './admin-routes.js';
import { requestBody, signedRequestOf } from './sts-http-request.js';

const PREFIX = '/minio/admin/v3/';

/**
 * The admin API: parse and validate here, authenticate and apply in the issuer. madmin encrypts
 * some bodies with the signer's secret key and expects some answers encrypted with it; only then
 * does the gateway ask the issuer for that secret, which verifies the signature first.
 */
@Controller('minio/admin/v3')
export class AdminController {
  constructor(private readonly client: StsClient) {}

  @All('*')
  async handle(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = requestBody(request);
    const signed = signedRequestOf(request, body);
    const route = routeOf(signed.path.startsWith(PREFIX) ? signed.path.slice(PREFIX.length) : '', request.method);
    const encrypted = looksMadminEncrypted(body);
    const secret = encrypted || route.encrypt ? await this.signerSecret(request.id, signed) : undefined;
    const plain = encrypted ? await decryptMadminBody(secret!, body) : body;
    const query = new URLSearchParams(signed.query);
    const parsed = AdminOperations[route.subject].request.safeParse({ ...route.build(query, plain), requestId: request.id, signed });
    if (!parsed.success) {
      throw new StsError('InvalidParameterValue', parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; '));
    }
    const result = await this.client.request(route.subject, parsed.data as never);
    const answer = route.answer(result as never, { query, request: parsed.data as never });
    reply.status(answer.status).header('x-amz-request-id', request.id);
    if (answer.body === undefined) return void reply.send();
    const json = Buffer.from(JSON.stringify(answer.body));
    reply.header('content-type', 'application/json').send(route.encrypt ? await encryptMadminBody(secret!, json) : json);
  }

  private async signerSecret(requestId: string, signed: SignedRequest): Promise<string> {
    return (await this.client.request(Subjects.AdminSignerSecret, { requestId, signed })).secretKey;
  }
}

function routeOf(path: string, method: string): AdminRoute {
  const candidates = ADMIN_ROUTES.filter((r) => r.path === path);
  const route = candidates.find((r) => r.method === method);
  if (route) return route;
  throw candidates.length > 0
    ? new StsError('MethodNotAllowed', `Use ${candidates.map((r) => r.method).join(' or ')} for ${path}.`)
    : new StsError('NotFound', `No admin API named ${path || '(empty)'}.`);
}
