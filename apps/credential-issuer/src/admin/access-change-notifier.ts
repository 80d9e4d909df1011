import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { concatMap, type Observable } from 'rxjs';
import { AdminSubjects as S, Events, type AccessChangedEvent } from '#contracts';
import { normalizeDn } from '#domain';
import { StsClient } from '#infra-nats';
import { flushEventsOfSavedChange } from './saved-change-events.js';

type Payload = Record<string, unknown> & { target?: { kind: string; name: string } };

/**
 * Which cached access an admin change can narrow (or widen): the signers of a parent, of a policy, of
 * a group. A user's standing (disabled, removed) is not here: `sts.events.users.changed` says it once.
 * A new service account is named by its key from the answer (the issuer may have chosen it): no
 * cached access hangs on it, but gateways that were told it did not exist must forget that.
 */
export function accessChangeOf(subject: string, request: Payload, answer?: unknown): AccessChangedEvent | undefined {
  switch (subject) {
    case S.ServiceAccountsAdd:
      return { parents: [String((answer as { accessKey?: unknown } | undefined)?.accessKey ?? request.accessKey)] };
    case S.UsersAdd:
    case S.ServiceAccountsUpdate:
    case S.ServiceAccountsDelete:
      return { parents: [String(request.accessKey)] };
    case S.GroupsUpdateMembers:
      // Members removed hang on the group; members added are named (their access widens at once).
      return { groups: [String(request.group)], parents: (request.members as string[]) ?? [] };
    case S.GroupsSetStatus:
      return { groups: [String(request.group)] };
    case S.PoliciesCreate:
    case S.PoliciesDelete:
      return { policies: [String(request.name)] };
    case S.PolicyMappingsAttach:
    case S.PolicyMappingsDetach:
    case S.PolicyMappingsSet:
      return mappingChange(request.target);
    default:
      return undefined;
  }
}

/** A mapping names a user (a builtin name or an LDAP DN, as the cache keys parents) or a group. */
function mappingChange(target: Payload['target']): AccessChangedEvent {
  if (!target) return { all: true };
  const ldap = target.kind.startsWith('ldap-');
  const name = ldap ? normalizeDn(target.name) ?? target.name : target.name;
  return target.kind === 'user' || target.kind === 'ldap-user' ? { parents: [name] } : { groups: [name] };
}

/**
 * After every successful admin change that can narrow access, one `sts.events.access.changed` to
 * every gateway: one place, so no handler can forget it. The etcd watch on `iam/` is the backstop.
 * The event has reached the NATS server before the admin call answers (flushed), so a request the
 * admin sends after the answer cannot overtake it; a flush that fails still answers the saved change.
 */
@Injectable()
export class AccessChangeNotifier implements NestInterceptor {
  constructor(private readonly events: StsClient) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const rpc = context.switchToRpc();
    const subject = rpc.getContext<NatsContext>().getSubject();
    const request = rpc.getData() as Payload;
    if (!accessChangeOf(subject, request)) return next.handle();
    return next.handle().pipe(concatMap(async (answer: unknown) => {
      this.events.emit(Events.AccessChanged, accessChangeOf(subject, request, answer)!);
      await flushEventsOfSavedChange(this.events, subject);
      return answer;
    }));
  }
}
