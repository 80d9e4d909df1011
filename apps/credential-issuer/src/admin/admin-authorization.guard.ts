import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { AdminOperations, StsError, type AdminSubject } from '#contracts';
import { AdminAuthorizer } from '#domain';

const isAdminSubject = (subject: string): subject is AdminSubject => Object.prototype.hasOwnProperty.call(AdminOperations, subject);

/**
 * Every admin handler is behind this guard: the operation is known from the subject, the message is
 * validated against its schema, and the signer must be allowed the operation's `admin:` action —
 * so no handler can forget to authorize.
 */
@Injectable()
export class AdminAuthorizationGuard implements CanActivate {
  constructor(private readonly auth: AdminAuthorizer) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rpc = context.switchToRpc();
    const subject = rpc.getContext<NatsContext>().getSubject();
    if (!isAdminSubject(subject)) throw new StsError('AccessDenied', 'Access Denied.');
    const request = AdminOperations[subject].request.parse(rpc.getData());
    await this.auth.authorizeOperation(subject, request as never);
    return true;
  }
}
