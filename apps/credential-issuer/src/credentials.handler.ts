import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  Events, IssueCredentialRequest, LookupCredentialRequest, Subjects,
  type IssuedCredentials, type LookupCredentialResponse,
} from '#contracts';
import { IssueCredentials, SignerAccess } from '#domain';
import { StsClient } from '#infra-nats';
import { SchemaPipe } from '#nest-common';

@Controller()
export class CredentialsHandler {
  constructor(private readonly issue: IssueCredentials, private readonly signers: SignerAccess, private readonly events: StsClient) {}

  @MessagePattern(Subjects.CredentialsIssue)
  async issueCredential(@Payload(new SchemaPipe(IssueCredentialRequest)) request: IssueCredentialRequest): Promise<IssuedCredentials> {
    const { credentials, record } = await this.issue.execute(request);
    this.events.emit(Events.CredentialsIssued, { requestId: request.requestId, accessKey: record.accessKey, parent: record.parent, provider: record.provider, expiresAt: record.expiresAt });
    return credentials;
  }

  @MessagePattern(Subjects.CredentialsLookup)
  async lookupCredential(@Payload(new SchemaPipe(LookupCredentialRequest)) request: LookupCredentialRequest): Promise<LookupCredentialResponse> {
    // With the parent's current access: the gateway authorizes S3 calls from its cache.
    return { credential: await this.signers.temporary(request.accessKey, request.sessionToken) };
  }
}
