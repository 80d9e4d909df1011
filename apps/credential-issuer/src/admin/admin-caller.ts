import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { StsError } from '#contracts';
import type { AuthorizedAdminCaller } from '#domain';

/** The caller the guard authorized, by the message's context: handlers never re-read the signature. */
const CALLERS = new WeakMap<object, AuthorizedAdminCaller>();

export function rememberAdminCaller(context: object, caller: AuthorizedAdminCaller): void {
  CALLERS.set(context, caller);
}

/** `@Caller()`: the authorized caller of this admin message; none (no guard ran) is refused. */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): AuthorizedAdminCaller => {
  const caller = CALLERS.get(context.switchToRpc().getContext<object>());
  if (!caller) throw new StsError('AccessDenied', 'Access Denied.');
  return caller;
});
