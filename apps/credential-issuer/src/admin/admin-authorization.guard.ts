import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { AdminOperations, StsError } from '#contracts';
import { AdminAuthorizer } from '#domain';
import { AdminAudit, isAdminSubject } from './admin-audit.js';
import { rememberAdminCaller } from './admin-caller.js';

/**
 * Every admin handler is behind this guard: the operation is known from the subject, the message is
 * validated against its schema, and the signer must be allowed the operation's `admin:` action —
 * so no handler can forget to authorize.
 */
@Injectable()
export class AdminAuthorizationGuard implements CanActivate {
  constructor(private readonly auth: AdminAuthorizer, private readonly audit: AdminAudit) {}

  /** Refusals are audited here; an authorized operation is audited as attempted before it may run. */
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rpc = context.switchToRpc();
    const subject = rpc.getContext<NatsContext>().getSubject();
    try {
      if (!isAdminSubject(subject)) throw new StsError('AccessDenied', 'Access Denied.');
      const request = AdminOperations[subject].request.parse(rpc.getData());
      rememberAdminCaller(rpc.getContext<NatsContext>(), await this.auth.authorizeOperation(subject, request as never));
    } catch (error) {
      void this.audit.refused(subject, rpc.getData(), error);
      throw error;
    }
    await this.audit.attempted(subject, rpc.getData());
    return true;
  }
}
