import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';
import { rpcErrorBody } from '#contracts';

/** The one exit for errors of a NATS handler on Nest's path (rpcErrorBody says what crosses). */
@Catch()
export class RpcErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('RpcErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    const subject = (host.switchToRpc().getContext() as { getSubject?: () => string } | undefined)?.getSubject?.() ?? 'unknown subject';
    return throwError(() => rpcErrorBody(exception, subject, this.logger));
  }
}
