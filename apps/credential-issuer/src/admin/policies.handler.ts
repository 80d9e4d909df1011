import { MessagePattern, Payload } from '@nestjs/microservices';
import { AdminSubjects as S, type AdminRequest as Req, type AdminResponse as Res } from '#contracts';
import { MappingAdmin, PolicyAdmin } from '#domain';
import { AdminHandlers } from './admin-handlers.js';
import { adminPipe, OK } from './admin-pipe.js';

@AdminHandlers()
export class PoliciesHandler {
  constructor(private readonly policies: PolicyAdmin, private readonly mappings: MappingAdmin) {}

  @MessagePattern(S.PoliciesCreate)
  async create(@Payload(adminPipe(S.PoliciesCreate)) r: Req<typeof S.PoliciesCreate>): Promise<Res<typeof S.PoliciesCreate>> {
    await this.policies.create(r.name, r.policy);
    return OK;
  }

  @MessagePattern(S.PoliciesDelete)
  async delete(@Payload(adminPipe(S.PoliciesDelete)) r: Req<typeof S.PoliciesDelete>): Promise<Res<typeof S.PoliciesDelete>> {
    await this.policies.delete(r.name, r.force === true);
    return OK;
  }

  @MessagePattern(S.PoliciesInfo)
  async info(@Payload(adminPipe(S.PoliciesInfo)) r: Req<typeof S.PoliciesInfo>): Promise<Res<typeof S.PoliciesInfo>> {
    return this.policies.info(r.name);
  }

  @MessagePattern(S.PoliciesList)
  async list(@Payload(adminPipe(S.PoliciesList)) r: Req<typeof S.PoliciesList>): Promise<Res<typeof S.PoliciesList>> {
    return { policies: await this.policies.list() };
  }

  @MessagePattern(S.PolicyMappingsAttach)
  async attach(@Payload(adminPipe(S.PolicyMappingsAttach)) r: Req<typeof S.PolicyMappingsAttach>): Promise<Res<typeof S.PolicyMappingsAttach>> {
    return { policies: await this.mappings.attach(r.policies, r.target) };
  }

  @MessagePattern(S.PolicyMappingsSet)
  async set(@Payload(adminPipe(S.PolicyMappingsSet)) r: Req<typeof S.PolicyMappingsSet>): Promise<Res<typeof S.PolicyMappingsSet>> {
    return { policies: await this.mappings.set(r.policies, r.target) };
  }

  @MessagePattern(S.PolicyMappingsEntities)
  async entities(@Payload(adminPipe(S.PolicyMappingsEntities)) r: Req<typeof S.PolicyMappingsEntities>): Promise<Res<typeof S.PolicyMappingsEntities>> {
    return this.mappings.entities(r);
  }

  @MessagePattern(S.PolicyMappingsDetach)
  async detach(@Payload(adminPipe(S.PolicyMappingsDetach)) r: Req<typeof S.PolicyMappingsDetach>): Promise<Res<typeof S.PolicyMappingsDetach>> {
    return { policies: await this.mappings.detach(r.policies, r.target) };
  }
}
