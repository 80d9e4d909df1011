import { Controller, Logger } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Subjects, VerifyWebIdentityRequest, type VerifiedCredentials } from '#contracts';
import { AssumeRoleWithToken } from '#domain';
import { SchemaPipe } from '#nest-common';

/** Client-credentials access tokens (JWTs) go through the same rules as id_tokens (MinIO §5). */
@Controller()
export class ClientGrantsHandler {
  private readonly logger = new Logger(ClientGrantsHandler.name);

  constructor(private readonly assumeRole: AssumeRoleWithToken) {}

  @MessagePattern(Subjects.VerifyClientGrants)
  async verify(@Payload(new SchemaPipe(VerifyWebIdentityRequest)) request: VerifyWebIdentityRequest): Promise<VerifiedCredentials> {
    const credentials = await this.assumeRole.execute(request);
    this.logger.debug(`AssumeRoleWithClientGrants request ${request.requestId} issued ${credentials.accessKeyId}`);
    return credentials;
  }
}
