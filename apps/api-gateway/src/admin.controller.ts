import { All, Controller, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminOperations, AdminSubjects, MAX_ADMIN_BODY_BYTES, StsError, Subjects, type AccountAccess, type SignedRequest } from '#contracts';
import { ADMIN_PATH_PREFIX, adminOperationOf, decryptMadminBodyWith, encryptMadminBody, encryptMadminBodyWith, looksMadminEncrypted, madminKeyOf } from '#domain';
import { StsClient } from '#infra-nats';
import { ADMIN_ANSWERS } from './admin-answers.js';
import { GATEWAY_CONFIG, type GatewayConfig } from './config.js';
import { AccountBuckets } from './s3/account-buckets.js';
import { clientInfoOf, requestBody, signedRequestOf } from './sts-http-request.js';

/**
 * The admin API: parse and validate here, authenticate and apply in the issuer (the gateway holds no
 * keys). The signed request and its body travel along, so the issuer derives the operation itself.
 * madmin encrypts some bodies with the signer's secret key and expects some answers encrypted with
 * it; only then does the gateway ask the issuer for that secret, after the issuer verified the signature.
 */
@Controller('minio/admin/v3')
export class AdminController {
  constructor(
    private readonly client: StsClient,
    private readonly buckets: AccountBuckets,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @All('*')
  async handle(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = requestBody(request);
    if (body.length > MAX_ADMIN_BODY_BYTES) throw new StsError('EntityTooLarge', `Admin request bodies are at most ${MAX_ADMIN_BODY_BYTES} bytes.`);
    const signed = signedRequestOf(request.raw, body);
    const rule = ADMIN_ANSWERS[signed.path.slice(ADMIN_PATH_PREFIX.length)];
    const encrypted = looksMadminEncrypted(body);
    const secret = encrypted || rule?.encrypt ? await this.signerSecret(request.id, signed) : undefined;
    // One argon2id derivation per call: the body's key reads it here and in the issuer, and seals the answer.
    const key = encrypted ? await madminKeyOf(secret!, body) : undefined;
    const plain = key ? decryptMadminBodyWith(key, body) : body;
    const { route, fields } = adminOperationOf(request.method, signed.path, signed.query, plain);
    const envelope = {
      requestId: request.id, signed, body: body.toString('base64'), ...(key ? { bodyKey: key.key.toString('base64') } : {}), client: clientInfoOf(request),
    };
    const parsed = AdminOperations[route.subject].request.safeParse({ ...fields, ...envelope });
    if (!parsed.success) {
      throw new StsError('InvalidParameterValue', parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; '));
    }
    const result = await this.client.request(route.subject, parsed.data as never);
    const answer = ADMIN_ANSWERS[route.path].answer(result as never, {
      query: new URLSearchParams(signed.query), request: parsed.data as never,
      userAgent: request.headers['user-agent'], serviceAccountList: this.config.admin.serviceAccountList,
      // AccountInfo is the one answer that needs the S3 backend: the buckets the caller may use.
      ...(route.subject === AdminSubjects.AccountInfo ? { buckets: await this.buckets.of(result as AccountAccess) } : {}),
    });
    reply.status(answer.status).header('x-amz-request-id', request.id);
    if (answer.body === undefined) return void reply.send();
    const json = Buffer.from(JSON.stringify(answer.body));
    if (!ADMIN_ANSWERS[route.path].encrypt) return void reply.header('content-type', 'application/json').send(json);
    reply.header('content-type', 'application/json').send(key ? encryptMadminBodyWith(key, json) : await encryptMadminBody(secret!, json));
  }

  private async signerSecret(requestId: string, signed: SignedRequest): Promise<string> {
    return (await this.client.request(Subjects.AdminSignerSecret, { requestId, signed })).secretKey;
  }
}
