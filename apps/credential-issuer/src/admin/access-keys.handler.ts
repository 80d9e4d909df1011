import { MessagePattern, Payload } from '@nestjs/microservices';
import { AdminSubjects as S, type AdminRequest as Req, type AdminResponse as Res } from '#contracts';
import { CredentialAdmin, ServiceAccountAdmin, type AdminCaller } from '#domain';
import { AdminHandlers } from './admin-handlers.js';
import { Caller } from './admin-caller.js';
import { adminPipe } from './admin-pipe.js';

/**
 * madmin v3's access-key listings (`list-access-keys-bulk`, `idp/ldap/list-access-keys`): per user,
 * its service accounts and live temporary credentials; no user named: the caller's own (its parent's).
 */
@AdminHandlers()
export class AccessKeysHandler {
  constructor(private readonly accounts: ServiceAccountAdmin, private readonly credentials: CredentialAdmin) {}

  @MessagePattern(S.AccessKeysList)
  async list(@Payload(adminPipe(S.AccessKeysList)) r: Req<typeof S.AccessKeysList>, @Caller() caller: AdminCaller): Promise<Res<typeof S.AccessKeysList>> {
    const services = r.listType !== 'sts-only';
    const temporary = r.listType !== 'svcacc-only';
    const users = r.all ? await this.everyParent(services, temporary) : r.users.length > 0 ? r.users : [caller.username];
    const entries = await Promise.all(users.map(async (user) => [user, {
      serviceAccounts: services ? await this.accounts.list(user) : [],
      stsKeys: temporary ? await this.credentials.list(user) : [],
    }] as const));
    return { users: Object.fromEntries(entries) };
  }

  private async everyParent(services: boolean, temporary: boolean): Promise<string[]> {
    const parents = [...(services ? await this.accounts.parents() : []), ...(temporary ? (await this.credentials.list()).map((c) => c.parent) : [])];
    return [...new Set(parents)].sort();
  }
}
