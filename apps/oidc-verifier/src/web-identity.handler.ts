import { Controller, Logger } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Subjects, VerifyWebIdentityRequest, type VerifiedCredentials } from '#contracts';
import { AssumeRoleWithToken } from '#domain';
import { SchemaPipe } from '#nest-common';

@Controller()
export class WebIdentityHandler {
  private readonly logger = new Logger(WebIdentityHandler.name);

  constructor(private readonly assumeRole: AssumeRoleWithToken) {}

  @MessagePattern(Subjects.VerifyWebIdentity)
  async verify(@Payload(new SchemaPipe(VerifyWebIdentityRequest)) request: VerifyWebIdentityRequest): Promise<VerifiedCredentials> {
    const credentials = await this.assumeRole.execute(request);
    this.logger.debug(`AssumeRoleWithWebIdentity request ${request.requestId} issued ${credentials.accessKeyId}`);
    return credentials;
  }
}
