import { Controller, Logger } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  Events, IssueCredentialRequest, LookupCredentialRequest, Subjects,
  type IssuedCredentials, type LookupCredentialResponse,
} from '#contracts';
import { IssueCredentials, LookupCredential } from '#domain';
import { StsClient } from '#infra-nats';
import { SchemaPipe } from '#nest-common';

@Controller()
export class CredentialsHandler {
  private readonly logger = new Logger(CredentialsHandler.name);

  constructor(private readonly issue: IssueCredentials, private readonly lookup: LookupCredential, private readonly events: StsClient) {}

  @MessagePattern(Subjects.CredentialsIssue)
  async issueCredential(@Payload(new SchemaPipe(IssueCredentialRequest)) request: IssueCredentialRequest): Promise<IssuedCredentials> {
    const { credentials, record } = await this.issue.execute(request);
    try {
      this.events.emit(Events.CredentialsIssued, { requestId: request.requestId, accessKey: record.accessKey, parent: record.parent, provider: record.provider, expiresAt: record.expiresAt });
    } catch (error) {
      // The credential is stored; a lost event must not turn a success into a failure.
      this.logger.warn(`could not publish ${Events.CredentialsIssued} for ${record.accessKey}: ${(error as Error).message}`);
    }
    return credentials;
  }

  @MessagePattern(Subjects.CredentialsLookup)
  async lookupCredential(@Payload(new SchemaPipe(LookupCredentialRequest)) request: LookupCredentialRequest): Promise<LookupCredentialResponse> {
    return { credential: await this.lookup.execute(request.accessKey, request.sessionToken) };
  }
}
