import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Subjects, VerifyCallerIdentityRequest, type CallerIdentity } from '#contracts';
import { LongTermCallerIdentity } from '#domain';
import { SchemaPipe } from '#nest-common';

@Controller()
export class CallerIdentityHandler {
  constructor(private readonly callerIdentity: LongTermCallerIdentity) {}

  @MessagePattern(Subjects.VerifyCallerIdentity)
  verify(@Payload(new SchemaPipe(VerifyCallerIdentityRequest)) request: VerifyCallerIdentityRequest): Promise<CallerIdentity> {
    return this.callerIdentity.execute(request.signed);
  }
}
