import { Controller, Logger } from '@nestjs/common';
import { Subjects, VerifyAssumeRoleRequest, type IssuedCredentials } from '#contracts';
import { AssumeRole } from '#domain';
import { DirectRequest, IssueForwarder, issueOutcome, type AnsweredElsewhere, type NatsRequestContext } from '#infra-nats';

@Controller()
export class AssumeRoleHandler {
  private readonly logger = new Logger(AssumeRoleHandler.name);

  constructor(private readonly assumeRole: AssumeRole, private readonly issuer: IssueForwarder) {}

  @DirectRequest(Subjects.VerifyAssumeRole, VerifyAssumeRoleRequest)
  async verify(request: VerifyAssumeRoleRequest, context: NatsRequestContext): Promise<IssuedCredentials | AnsweredElsewhere> {
    const answer = await this.issuer.issue(await this.assumeRole.authorize(request), context.replyTo);
    this.logger.debug(`AssumeRole request ${request.requestId} ${issueOutcome(answer)}`);
    return answer;
  }
}
