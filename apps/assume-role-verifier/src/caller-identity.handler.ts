import { Controller } from '@nestjs/common';
import { Subjects, VerifyCallerIdentityRequest, type CallerIdentity } from '#contracts';
import { LongTermCallerIdentity } from '#domain';
import { DirectRequest } from '#infra-nats';

@Controller()
export class CallerIdentityHandler {
  constructor(private readonly callerIdentity: LongTermCallerIdentity) {}

  @DirectRequest(Subjects.VerifyCallerIdentity, VerifyCallerIdentityRequest)
  verify(request: VerifyCallerIdentityRequest): Promise<CallerIdentity> {
    return this.callerIdentity.execute(request.signed);
  }
}
