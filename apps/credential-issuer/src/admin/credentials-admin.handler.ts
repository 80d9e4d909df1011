import { MessagePattern, Payload } from '@nestjs/microservices';
import { AdminSubjects as S, type AdminRequest as Req, type AdminResponse as Res } from '#contracts';
import { CredentialAdmin } from '#domain';
import { AdminHandlers } from './admin-handlers.js';
import { adminPipe } from './admin-pipe.js';

@AdminHandlers()
export class CredentialsAdminHandler {
  constructor(private readonly credentials: CredentialAdmin) {}

  @MessagePattern(S.CredentialsList)
  async list(@Payload(adminPipe(S.CredentialsList)) r: Req<typeof S.CredentialsList>): Promise<Res<typeof S.CredentialsList>> {
    return { credentials: await this.credentials.list(r.user, r.provider) };
  }

  @MessagePattern(S.CredentialsInfo)
  async info(@Payload(adminPipe(S.CredentialsInfo)) r: Req<typeof S.CredentialsInfo>): Promise<Res<typeof S.CredentialsInfo>> {
    return this.credentials.info(r.accessKey);
  }
}
