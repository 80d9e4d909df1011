import { MessagePattern, Payload } from '@nestjs/microservices';
import { AdminSubjects as S, type AdminRequest as Req, type AdminResponse as Res } from '#contracts';
import { GroupAdmin } from '#domain';
import { AdminHandlers } from './admin-handlers.js';
import { adminPipe, OK } from './admin-pipe.js';

@AdminHandlers()
export class GroupsHandler {
  constructor(private readonly groups: GroupAdmin) {}

  @MessagePattern(S.GroupsUpdateMembers)
  async updateMembers(@Payload(adminPipe(S.GroupsUpdateMembers)) r: Req<typeof S.GroupsUpdateMembers>): Promise<Res<typeof S.GroupsUpdateMembers>> {
    await this.groups.updateMembers(r.group, r.members, r.isRemove);
    return OK;
  }

  @MessagePattern(S.GroupsSetStatus)
  async setStatus(@Payload(adminPipe(S.GroupsSetStatus)) r: Req<typeof S.GroupsSetStatus>): Promise<Res<typeof S.GroupsSetStatus>> {
    await this.groups.setStatus(r.group, r.status);
    return OK;
  }

  @MessagePattern(S.GroupsInfo)
  async info(@Payload(adminPipe(S.GroupsInfo)) r: Req<typeof S.GroupsInfo>): Promise<Res<typeof S.GroupsInfo>> {
    return this.groups.info(r.group);
  }

  @MessagePattern(S.GroupsList)
  async list(@Payload(adminPipe(S.GroupsList)) r: Req<typeof S.GroupsList>): Promise<Res<typeof S.GroupsList>> {
    return { groups: await this.groups.list() };
  }
}
