import { Controller, Logger } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { Subjects, VerifyAssumeRoleRequest, type IssuedCredentials } from '#contracts';
import { AssumeRole } from '#domain';
import { IssueForwarder, issueOutcome, type AnsweredElsewhere, type NatsRequestContext } from '#infra-nats';
import { SchemaPipe } from '#nest-common';

@Controller()
export class AssumeRoleHandler {
  private readonly logger = new Logger(AssumeRoleHandler.name);

  constructor(private readonly assumeRole: AssumeRole, private readonly issuer: IssueForwarder) {}

  @MessagePattern(Subjects.VerifyAssumeRole)
  async verify(@Payload(new SchemaPipe(VerifyAssumeRoleRequest)) request: VerifyAssumeRoleRequest, @Ctx() context: NatsRequestContext): Promise<IssuedCredentials | AnsweredElsewhere> {
    const answer = await this.issuer.issue(await this.assumeRole.authorize(request), context.replyTo);
    this.logger.debug(`AssumeRole request ${request.requestId} ${issueOutcome(answer)}`);
    return answer;
  }
}
