import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Subjects, VerifyAssumeRoleRequest, type IssuedCredentials } from '#contracts';
import { AssumeRole } from '#domain';
import { SchemaPipe } from '#nest-common';

@Controller()
export class AssumeRoleHandler {
  constructor(private readonly assumeRole: AssumeRole) {}

  @MessagePattern(Subjects.VerifyAssumeRole)
  verify(@Payload(new SchemaPipe(VerifyAssumeRoleRequest)) request: VerifyAssumeRoleRequest): Promise<IssuedCredentials> {
    return this.assumeRole.execute(request);
  }
}
