import { MessagePattern, Payload } from '@nestjs/microservices';
import { AdminSubjects as S, type AdminEnvelope, type AdminRequest as Req, type AdminResponse as Res } from '#contracts';
import { ServiceAccountAdmin, type AdminCaller } from '#domain';
import { AuditPublisher } from '#infra-nats';
import { AdminHandlers } from './admin-handlers.js';
import { Caller } from './admin-caller.js';
import { adminPipe, OK } from './admin-pipe.js';

/** Service accounts (madmin's *-service-account calls); every change is audited, never with a secret. */
@AdminHandlers()
export class ServiceAccountsHandler {
  constructor(private readonly accounts: ServiceAccountAdmin, private readonly auditTrail: AuditPublisher) {}

  @MessagePattern(S.ServiceAccountsAdd)
  async add(@Payload(adminPipe(S.ServiceAccountsAdd)) r: Req<typeof S.ServiceAccountsAdd>, @Caller() caller: AdminCaller): Promise<Res<typeof S.ServiceAccountsAdd>> {
    const { requestId, signed, body, client, ...request } = r;
    const created = await this.accounts.add(caller, request);
    await this.audit(r, caller, 'admin:CreateServiceAccount', created.accessKey, request.targetUser || caller.username);
    return created;
  }

  /** Without `user`, the caller's own accounts (its parent's, for a temporary credential or service account). */
  @MessagePattern(S.ServiceAccountsList)
  async list(@Payload(adminPipe(S.ServiceAccountsList)) r: Req<typeof S.ServiceAccountsList>, @Caller() caller: AdminCaller): Promise<Res<typeof S.ServiceAccountsList>> {
    return { accounts: await this.accounts.list(r.user || caller.username) };
  }

  @MessagePattern(S.ServiceAccountsInfo)
  async info(@Payload(adminPipe(S.ServiceAccountsInfo)) r: Req<typeof S.ServiceAccountsInfo>): Promise<Res<typeof S.ServiceAccountsInfo>> {
    return this.accounts.info(r.accessKey);
  }

  @MessagePattern(S.ServiceAccountsUpdate)
  async update(@Payload(adminPipe(S.ServiceAccountsUpdate)) r: Req<typeof S.ServiceAccountsUpdate>, @Caller() caller: AdminCaller): Promise<Res<typeof S.ServiceAccountsUpdate>> {
    const { requestId, signed, body, client, ...request } = r;
    await this.accounts.update(request);
    await this.audit(r, caller, 'admin:UpdateServiceAccount', r.accessKey);
    return OK;
  }

  @MessagePattern(S.ServiceAccountsDelete)
  async delete(@Payload(adminPipe(S.ServiceAccountsDelete)) r: Req<typeof S.ServiceAccountsDelete>, @Caller() caller: AdminCaller): Promise<Res<typeof S.ServiceAccountsDelete>> {
    await this.accounts.delete(r.accessKey);
    await this.audit(r, caller, 'admin:RemoveServiceAccount', r.accessKey);
    return OK;
  }

  private async audit(r: AdminEnvelope, caller: AdminCaller, action: string, accessKey: string, parent?: string): Promise<void> {
    // The change is made: a failure to record this line is logged, not answered (the guard and the
    // interceptor record the operation itself, attempted and succeeded).
    await this.auditTrail.recordBestEffort({
      time: new Date().toISOString(), requestId: r.requestId, action, outcome: 'changed',
      claimedIdentity: caller.accessKey, accessKey, parent, sourceIp: r.client.sourceIp,
    });
  }
}
