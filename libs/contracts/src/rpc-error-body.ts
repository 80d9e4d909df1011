import { ZodError } from 'zod';
import { InternalErrorBody, StsError, type RpcErrorBody } from './errors.js';

/** Where a handler's failure is written down; only the service's log sees causes and stacks. */
export interface RpcErrorLog {
  warn(message: string): void;
  error(message: string): void;
}

/**
 * What a failed NATS handler answers: StsError crosses as `{ code, message }`; a payload that fails
 * its schema is the caller's bug; anything else is logged and crosses as InternalError, so no cause,
 * stack or upstream text ever leaves the service. One rule for Nest's filter (RpcErrorFilter) and
 * for the handlers the NATS server calls itself (DirectRequest).
 */
export function rpcErrorBody(exception: unknown, subject: string, log: RpcErrorLog): RpcErrorBody {
  if (exception instanceof StsError) {
    if (exception.status >= 500) log.warn(`${exception.code}: ${exception.message}${causeOf(exception)}`);
    return exception.toJSON();
  }
  if (exception instanceof ZodError) {
    log.error(`malformed request on ${subject}: ${exception.issues.map((i) => i.path.join('.') + ' ' + i.message).join('; ')}`);
    return { code: 'InvalidParameterValue', message: 'The request was malformed.' };
  }
  log.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
  return InternalErrorBody;
}

function causeOf(error: Error): string {
  const cause = error.cause;
  return cause instanceof Error ? ` (cause: ${cause.message})` : '';
}
