import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { tap, type Observable } from 'rxjs';
import { AdminSubjects as S, Events, type AccessChangedEvent } from '#contracts';
import { StsClient } from '#infra-nats';

type Payload = Record<string, unknown> & { target?: { kind: string; name: string } };

/**
 * Which parents' S3 access an admin change can narrow; `all` when a policy document itself changed
 * or a group mapping moved (its members are not known here without a store read).
 */
export function accessChangeOf(subject: string, request: Payload): AccessChangedEvent | undefined {
  switch (subject) {
    case S.UsersAdd:
    case S.UsersRemove:
    case S.UsersSetStatus:
    case S.ServiceAccountsUpdate:
    case S.ServiceAccountsDelete:
      return { parents: [String(request.accessKey)] };
    case S.GroupsUpdateMembers:
      return { parents: (request.members as string[]) ?? [] };
    case S.PoliciesCreate:
    case S.PoliciesDelete:
    case S.GroupsSetStatus:
      return { all: true };
    case S.PolicyMappingsAttach:
    case S.PolicyMappingsDetach:
    case S.PolicyMappingsSet:
      return request.target?.kind === 'user' || request.target?.kind === 'ldap-user' ? { parents: [request.target.name] } : { all: true };
    default:
      return undefined;
  }
}

/**
 * After every successful admin change that can narrow access, one `sts.events.access.changed` to
 * every gateway: one place, so no handler can forget it. The etcd watch on `iam/` is the backstop.
 */
@Injectable()
export class AccessChangeNotifier implements NestInterceptor {
  constructor(private readonly events: StsClient) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const rpc = context.switchToRpc();
    const change = accessChangeOf(rpc.getContext<NatsContext>().getSubject(), rpc.getData() as Payload);
    if (!change) return next.handle();
    return next.handle().pipe(tap(() => this.events.emit(Events.AccessChanged, change)));
  }
}
