import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';
import { ZodError } from 'zod';
import { InternalErrorBody, StsError, type RpcErrorBody } from '#contracts';

/**
 * The one exit for errors of a NATS handler: StsError crosses as `{ code, message }`; a payload
 * that fails its schema is the caller's bug; anything else is logged here and crosses as
 * InternalError, so no cause, stack or upstream text ever leaves the service.
 */
@Catch()
export class RpcErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('RpcErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    return throwError(() => this.toBody(exception, host));
  }

  private toBody(exception: unknown, host: ArgumentsHost): RpcErrorBody {
    if (exception instanceof StsError) {
      if (exception.status >= 500) this.logger.warn(`${exception.code}: ${exception.message}${causeOf(exception)}`);
      return exception.toJSON();
    }
    if (exception instanceof ZodError) {
      const subject = host.switchToRpc().getContext()?.getSubject?.() ?? 'unknown subject';
      this.logger.error(`malformed request on ${subject}: ${exception.issues.map((i) => i.path.join('.') + ' ' + i.message).join('; ')}`);
      return { code: 'InvalidParameterValue', message: 'The request was malformed.' };
    }
    this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    return InternalErrorBody;
  }
}

function causeOf(error: Error): string {
  const cause = error.cause;
  return cause instanceof Error ? ` (cause: ${cause.message})` : '';
}
