import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { catchError, from, mergeMap, type Observable } from 'rxjs';
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
    return next.handle().pipe(
      mergeMap((result) => from(this.audit.finished(subject, data).then(() => result))),
      catchError((error: unknown) => from(this.audit.finished(subject, data, error).then(() => Promise.reject(error)))),
    );
  }
}
