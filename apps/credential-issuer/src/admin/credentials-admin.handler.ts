import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AdminSubjects as S, type AdminRequest as Req, type AdminResponse as Res } from '#contracts';
import { AdminAuthorizer, CredentialAdmin } from '#domain';
import { adminPipe } from './admin-pipe.js';

@Controller()
export class CredentialsAdminHandler {
  constructor(private readonly auth: AdminAuthorizer, private readonly credentials: CredentialAdmin) {}

  @MessagePattern(S.CredentialsList)
  async list(@Payload(adminPipe(S.CredentialsList)) r: Req<typeof S.CredentialsList>): Promise<Res<typeof S.CredentialsList>> {
    await this.auth.authorizeOperation(S.CredentialsList, r);
    return { credentials: await this.credentials.list(r.user, r.provider) };
  }

  @MessagePattern(S.CredentialsInfo)
  async info(@Payload(adminPipe(S.CredentialsInfo)) r: Req<typeof S.CredentialsInfo>): Promise<Res<typeof S.CredentialsInfo>> {
    await this.auth.authorizeOperation(S.CredentialsInfo, r);
    return this.credentials.info(r.accessKey);
  }
}
