import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AdminSubjects as S, type AdminRequest as Req, type AdminResponse as Res } from '#contracts';
import { AdminAuthorizer, GroupAdmin } from '#domain';
import { adminPipe, OK } from './admin-pipe.js';

@Controller()
export class GroupsHandler {
  constructor(private readonly auth: AdminAuthorizer, private readonly groups: GroupAdmin) {}

  @MessagePattern(S.GroupsUpdateMembers)
  async updateMembers(@Payload(adminPipe(S.GroupsUpdateMembers)) r: Req<typeof S.GroupsUpdateMembers>): Promise<Res<typeof S.GroupsUpdateMembers>> {
    await this.auth.authorizeOperation(S.GroupsUpdateMembers, r);
    await this.groups.updateMembers(r.group, r.members, r.isRemove);
    return OK;
  }

  @MessagePattern(S.GroupsInfo)
  async info(@Payload(adminPipe(S.GroupsInfo)) r: Req<typeof S.GroupsInfo>): Promise<Res<typeof S.GroupsInfo>> {
    await this.auth.authorizeOperation(S.GroupsInfo, r);
    return this.groups.info(r.group);
  }

  @MessagePattern(S.GroupsList)
  async list(@Payload(adminPipe(S.GroupsList)) r: Req<typeof S.GroupsList>): Promise<Res<typeof S.GroupsList>> {
    await this.auth.authorizeOperation(S.GroupsList, r);
    return { groups: await this.groups.list() };
  }
}
