import { Controller, Logger } from '@nestjs/common';
import { Subjects, VerifyWebIdentityRequest, type VerifiedCredentials } from '#contracts';
import { AssumeRoleWithToken } from '#domain';
import { DirectRequest, IssueForwarder, issueOutcome, type AnsweredElsewhere, type NatsRequestContext } from '#infra-nats';

/** Client-credentials access tokens (JWTs) go through the same rules as id_tokens (MinIO §5). */
@Controller()
export class ClientGrantsHandler {
  private readonly logger = new Logger(ClientGrantsHandler.name);

  constructor(private readonly assumeRole: AssumeRoleWithToken, private readonly issuer: IssueForwarder) {}

  @DirectRequest(Subjects.VerifyClientGrants, VerifyWebIdentityRequest)
  async verify(request: VerifyWebIdentityRequest, context: NatsRequestContext): Promise<VerifiedCredentials | AnsweredElsewhere> {
    const answer = await this.issuer.issue(await this.assumeRole.authorize(request), context.replyTo);
    this.logger.debug(`AssumeRoleWithClientGrants request ${request.requestId} ${issueOutcome(answer)}`);
    return answer;
  }
}
