import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { catchError, tap, throwError, type Observable } from 'rxjs';
import { AdminAudit, isAdminSubject } from './admin-audit.js';

/**
 * After an admin handler ran (the guard already recorded it as attempted): its outcome, succeeded
 * or failed with the error code. Applies to every handler of the issuer; other subjects pass through.
 */
@Injectable()
export class AdminAuditInterceptor implements NestInterceptor {
  constructor(private readonly audit: AdminAudit) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const rpc = context.switchToRpc();
    const subject = rpc.getContext<NatsContext>().getSubject();
    if (!isAdminSubject(subject)) return next.handle();
    const data = rpc.getData();
    // The outcome follows a change already made (or refused): recorded in the background, never delaying the reply.
    return next.handle().pipe(
      tap(() => void this.audit.finished(subject, data)),
      catchError((error: unknown) => {
        void this.audit.finished(subject, data, error);
        return throwError(() => error);
      }),
    );
  }
}
