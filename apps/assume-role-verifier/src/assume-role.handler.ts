import { Controller, Logger } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Subjects, VerifyAssumeRoleRequest, type IssuedCredentials } from '#contracts';
import { AssumeRole } from '#domain';
import { SchemaPipe } from '#nest-common';

@Controller()
export class AssumeRoleHandler {
  private readonly logger = new Logger(AssumeRoleHandler.name);

  constructor(private readonly assumeRole: AssumeRole) {}

  @MessagePattern(Subjects.VerifyAssumeRole)
  async verify(@Payload(new SchemaPipe(VerifyAssumeRoleRequest)) request: VerifyAssumeRoleRequest): Promise<IssuedCredentials> {
    const credentials = await this.assumeRole.execute(request);
    this.logger.debug(`AssumeRole request ${request.requestId} issued ${credentials.accessKeyId}`);
    return credentials;
  }
}
