import { MessagePattern, Payload } from '@nestjs/microservices';
import { AdminSubjects as S, Events, type AdminRequest as Req, type AdminResponse as Res } from '#contracts';
import { ServiceAccountAdmin, UserAdmin, type AdminCaller } from '#domain';
import { AuditPublisher, StsClient } from '#infra-nats';
import { AdminHandlers } from './admin-handlers.js';
import { Caller } from './admin-caller.js';
import { adminPipe, OK } from './admin-pipe.js';
import { flushEventsOfSavedChange } from './saved-change-events.js';

@AdminHandlers()
export class UsersHandler {
  constructor(
    private readonly users: UserAdmin,
    private readonly serviceAccounts: ServiceAccountAdmin,
    private readonly events: StsClient,
    private readonly audit: AuditPublisher,
  ) {}

  /** Replacing a secret revokes the user's temporary credentials, and is audited (who, whose, from where). */
  @MessagePattern(S.UsersAdd)
  async add(@Payload(adminPipe(S.UsersAdd)) r: Req<typeof S.UsersAdd>, @Caller() caller: AdminCaller): Promise<Res<typeof S.UsersAdd>> {
    const { replaced, revoked } = await this.users.add(r.accessKey, r.secretKey, r.status);
    if (!replaced) return OK;
    if (revoked.length > 0) this.events.emit(Events.CredentialsRevoked, { accessKeys: revoked });
    await this.audit.recordBestEffort({
      time: new Date().toISOString(),
      requestId: r.requestId,
      action: 'admin:CreateUser (secret changed)',
      outcome: 'changed',
      // Authenticated by the guard before this handler runs.
      claimedIdentity: caller.accessKey,
      subject: r.accessKey,
      sourceIp: r.client.sourceIp,
    });
    await flushEventsOfSavedChange(this.events, S.UsersAdd);
    return OK;
  }

  @MessagePattern(S.UsersRemove)
  async remove(@Payload(adminPipe(S.UsersRemove)) r: Req<typeof S.UsersRemove>): Promise<Res<typeof S.UsersRemove>> {
    const revoked = await this.users.remove(r.accessKey);
    // Its service accounts already cannot authenticate (no parent); delete them as MinIO does.
    await this.serviceAccounts.deleteAllOf(r.accessKey);
    this.events.emit(Events.UsersChanged, { accessKey: r.accessKey, change: 'removed' });
    if (revoked.length > 0) this.events.emit(Events.CredentialsRevoked, { accessKeys: revoked });
    // At the NATS server before the answer: a request sent after it cannot overtake the events.
    await flushEventsOfSavedChange(this.events, S.UsersRemove);
    return OK;
  }

  @MessagePattern(S.UsersSetStatus)
  async setStatus(@Payload(adminPipe(S.UsersSetStatus)) r: Req<typeof S.UsersSetStatus>): Promise<Res<typeof S.UsersSetStatus>> {
    await this.users.setStatus(r.accessKey, r.status);
    this.events.emit(Events.UsersChanged, { accessKey: r.accessKey, change: r.status });
    await flushEventsOfSavedChange(this.events, S.UsersSetStatus);
    return OK;
  }

  @MessagePattern(S.UsersInfo)
  async info(@Payload(adminPipe(S.UsersInfo)) r: Req<typeof S.UsersInfo>): Promise<Res<typeof S.UsersInfo>> {
    return this.users.info(r.accessKey);
  }

  @MessagePattern(S.UsersList)
  async list(@Payload(adminPipe(S.UsersList)) r: Req<typeof S.UsersList>): Promise<Res<typeof S.UsersList>> {
    return { users: await this.users.list() };
  }
}
