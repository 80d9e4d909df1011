import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { adminErrorOf, InternalErrorBody, StsError, type StsErrorCode } from '#contracts';
import { errorXml } from './sts-xml.js';

const HTTP_ERRORS: Record<number, [StsErrorCode, string]> = {
  404: ['NotFound', 'The requested resource does not exist.'],
  405: ['MethodNotAllowed', 'The specified method is not allowed against this resource.'],
  413: ['EntityTooLarge', 'The request body is larger than the gateway accepts.'],
};

/** Maps anything thrown while serving HTTP to a coded STS error; unknown errors are logged, never shown. */
export function toStsError(exception: unknown, logger: Logger, requestId: string): StsError {
  if (exception instanceof StsError) return exception;
  const status = exception instanceof HttpException ? exception.getStatus() : (exception as { statusCode?: number })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const [code, message] = HTTP_ERRORS[status] ?? ['InvalidParameterValue', 'The request could not be parsed.'];
    return new StsError(code, message);
  }
  logger.error(`request ${requestId} failed: ${exception instanceof Error ? exception.stack ?? exception.message : String(exception)}`);
  return new StsError(InternalErrorBody.code, InternalErrorBody.message);
}

/** Every failure leaves as the STS ErrorResponse XML, admin calls as MinIO's admin JSON error (its codes and statuses). */
export function sendStsError(error: StsError, request: FastifyRequest, reply: FastifyReply): void {
  reply.header('x-amz-request-id', request.id).header('x-amzn-requestid', request.id);
  if (request.url.startsWith('/minio/admin/')) {
    const { code, status } = adminErrorOf(error);
    const body = { Code: code, Message: error.message, Resource: request.url.split('?')[0], RequestId: request.id, HostId: '' };
    reply.status(status).header('content-type', 'application/json').send(JSON.stringify(body));
  } else {
    reply.status(error.status).header('content-type', 'application/xml').send(errorXml(error.code, error.message, request.id));
  }
}

@Catch()
export class StsErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('StsErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    sendStsError(toStsError(exception, this.logger, request.id), request, http.getResponse<FastifyReply>());
  }
}
