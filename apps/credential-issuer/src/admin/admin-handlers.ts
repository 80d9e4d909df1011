import { applyDecorators, Controller, UseGuards, UseInterceptors } from '@nestjs/common';
import { AccessChangeNotifier } from './access-change-notifier.js';
import { AdminAuditInterceptor } from './admin-audit.interceptor.js';
import { AdminAuthorizationGuard } from './admin-authorization.guard.js';

/**
 * What every class of admin handlers carries: the signature check and authorization (the guard),
 * then the outcome in the audit trail and the access-changed event (the interceptors). On the class
 * rather than as APP_INTERCEPTOR: a global interceptor puts Nest's Observable pipeline on every
 * message the issuer takes, the issue requests among them (about 7 % of the issuer's CPU under
 * AssumeRole load). admin-handlers.spec.ts checks that no admin subject is served without it.
 */
export const AdminHandlers = () => applyDecorators(Controller(), UseGuards(AdminAuthorizationGuard), UseInterceptors(AdminAuditInterceptor, AccessChangeNotifier));
