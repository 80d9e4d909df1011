import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AdminAddUserRequest, Subjects, type AdminOk } from '#contracts';
import { AddUser, authenticateRootAdmin, systemClock } from '#domain';
import { SchemaPipe } from '#nest-common';
import { ISSUER_CONFIG, type IssuerConfig } from './config.js';


@Controller()
export class AdminUsersHandler {
  constructor(private readonly addUser: AddUser, @Inject(ISSUER_CONFIG) private readonly config: IssuerConfig) {}

  @MessagePattern(Subjects.AdminUsersAdd)
  async add(@Payload(new SchemaPipe(AdminAddUserRequest)) request: AdminAddUserRequest): Promise<AdminOk> {
    authenticateRootAdmin(request.signed, this.config.root, systemClock, this.config.region);
    await this.addUser.execute(request.accessKey, request.secretKey);
    return { ok: true };
  }
}
