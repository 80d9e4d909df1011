import { Controller, Logger } from '@nestjs/common';
import { Subjects, VerifyWebIdentityRequest, type VerifiedCredentials } from '#contracts';
import { AssumeRoleWithToken } from '#domain';
import { DirectRequest, IssueForwarder, issueOutcome, type AnsweredElsewhere, type NatsRequestContext } from '#infra-nats';

@Controller()
export class WebIdentityHandler {
  private readonly logger = new Logger(WebIdentityHandler.name);

  constructor(private readonly assumeRole: AssumeRoleWithToken, private readonly issuer: IssueForwarder) {}

  @DirectRequest(Subjects.VerifyWebIdentity, VerifyWebIdentityRequest)
  async verify(request: VerifyWebIdentityRequest, context: NatsRequestContext): Promise<VerifiedCredentials | AnsweredElsewhere> {
    const answer = await this.issuer.issue(await this.assumeRole.authorize(request), context.replyTo);
    this.logger.debug(`AssumeRoleWithWebIdentity request ${request.requestId} ${issueOutcome(answer)}`);
    return answer;
  }
}
