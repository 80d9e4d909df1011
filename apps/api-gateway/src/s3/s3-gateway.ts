import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, Logger, Optional, type OnApplicationShutdown } from '@nestjs/common';
import { StsError } from '#contracts';
import {
  authenticateS3, bucketResource, describeS3Operation, S3Error, s3AllowsAll, s3Allows, s3ConditionContext, s3DecidesWithoutContext, s3ErrorOf, systemClock,
  type RequestContextValue, type S3Authentication, type S3Call, type S3Operation,
} from '#domain';
import { S3Backend } from '#infra-s3';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config.js';
import { nextRequestId } from '../request-id.js';
import { pairs } from '../sts-http-request.js';
import { ClientAddress } from '../client-address.js';
import { answerDeleteObjects } from './delete-objects.js';
import { answerListBuckets } from './list-buckets.js';
import { backendBody, readsWhole, WHOLE_BODY_BYTES } from './request-body.js';
import { S3Signers } from './s3-signers.js';
import { backendRequest, readAll, relay, relayAnswer } from './s3-proxy.js';
import { parseQuery, s3Target, type S3Target } from './s3-routing.js';
import { S3RefusalAudit } from './s3-refusal-audit.js';
import { sendS3Error } from './s3-xml.js';

/** Present only when STS_S3_BACKEND_URL is set. */
export const S3_BACKEND = Symbol('S3_BACKEND');

interface Served {
  target: S3Target;
  auth: S3Authentication;
  operation: S3Operation;
  query: URLSearchParams;
  context: Readonly<Record<string, RequestContextValue>>;
}

/** What an owner's checks get: they are decided without reading the request (s3DecidesWithoutContext). */
const NO_CONTEXT: Readonly<Record<string, RequestContextValue>> = Object.freeze({});

const headerOf = (request: IncomingMessage) => (name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
};

/**
 * The S3 API on the gateway's port: authenticate (SigV4 header or presigned, service s3), map the
 * call to IAM actions, authorize locally from cached access, then stream it to the backend re-signed.
 * Every failure is S3 XML; an unmapped call is NotImplemented and never forwarded.
 */
@Injectable()
export class S3Gateway implements OnApplicationShutdown {
  private readonly logger = new Logger(S3Gateway.name);
  private readonly clients: ClientAddress;

  constructor(
    private readonly signers: S3Signers,
    private readonly refusals: S3RefusalAudit,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Optional() @Inject(S3_BACKEND) private readonly backend?: S3Backend,
  ) {
    this.clients = new ClientAddress(config.trustedProxies);
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = nextRequestId();
    response.setHeader('x-amz-request-id', requestId);
    const method = request.method ?? 'GET';
    try {
      await this.serve(request, response);
    } catch (error) {
      request.resume();
      const refusal = this.toS3Error(error, requestId);
      this.refusals.note(refusal.code, requestId, request, this.clients.of(request).sourceIp);
      sendS3Error(response, refusal, (request.url ?? '/').split('?', 1)[0], requestId, method);
    }
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const served = await this.authorize(request);
    if (!this.backend) throw new S3Error('ServiceUnavailable', 'No S3 backend is configured (STS_S3_BACKEND_URL).');
    const { target, auth, operation, query, context } = served;
    const body = backendBody(request, auth, query);
    if (operation.name === 'DeleteObjects') return answerDeleteObjects(request, response, target, body, this.backend, auth.principal, context);
    const call = backendRequest(request, target, body);
    if (operation.name === 'ListBuckets') return answerListBuckets(await this.backend.send(call), response, auth.principal, context);
    if (call.body !== undefined && !readsWhole(body)) return relay(await this.backend.send(call), response);
    const whole = body.stream && (await readAll(body.stream, WHOLE_BODY_BYTES));
    // MinIO hides whether a key exists from callers who may not list the bucket.
    const hidesMissingKey = (status: number) => status === 404 && (operation.name === 'GetObject' || operation.name === 'HeadObject') &&
      !s3Allows(auth.principal, { action: 's3:ListBucket', resource: bucketResource(target.bucket!) }, context);
    await relayAnswer(this.backend, { ...call, body: whole }, response, (status) => (hidesMissingKey(status) ? new S3Error('AccessDenied', 'Access Denied.') : undefined));
  }

  private async authorize(request: IncomingMessage): Promise<Served> {
    const target = s3Target(request, this.config.s3.domains);
    const query = parseQuery(target.rawQuery);
    const signed = { method: request.method ?? 'GET', path: target.rawPath, rawQuery: target.rawQuery, query, headers: pairs(request.rawHeaders) };
    const auth = await authenticateS3(signed, this.signers, systemClock, this.config.region);
    const call: S3Call = { method: signed.method, bucket: target.bucket, key: target.key, query, header: headerOf(request) };
    const operation = describeS3Operation(call);
    const context = s3DecidesWithoutContext(auth.principal) ? NO_CONTEXT : this.conditionContext(request, call, auth);
    if (operation.name !== 'DeleteObjects' && !s3AllowsAll(auth.principal, operation.checks, context)) throw new S3Error('AccessDenied', 'Access Denied.');
    return { target, auth, operation, query, context };
  }

  private conditionContext(request: IncomingMessage, call: S3Call, auth: S3Authentication): Readonly<Record<string, RequestContextValue>> {
    const headers = new Map(Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : value ?? '']));
    return s3ConditionContext(call, auth.principal, { ...this.clients.of(request), now: new Date(), headers });
  }

  private toS3Error(error: unknown, requestId: string): S3Error {
    if (error instanceof S3Error) return error;
    if (error instanceof StsError) return s3ErrorOf(error);
    this.logger.error(`S3 request ${requestId} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return new S3Error('InternalError', 'We encountered an internal error, please try again.');
  }

  onApplicationShutdown(): void {
    this.backend?.close();
  }
}

