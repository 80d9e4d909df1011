import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { LookupLongTermKeyRequest, Subjects, type LookupLongTermKeyResponse } from '#contracts';
import { SignerAccess } from '#domain';
import { SchemaPipe } from '#nest-common';

/** Gateways verify S3 calls signed with long-term keys themselves: the key's secret and current access. */
@Controller()
export class S3SignersHandler {
  constructor(private readonly signers: SignerAccess) {}

  @MessagePattern(Subjects.CredentialsLookupLongTerm)
  async lookupLongTerm(@Payload(new SchemaPipe(LookupLongTermKeyRequest)) request: LookupLongTermKeyRequest): Promise<LookupLongTermKeyResponse> {
    return this.signers.longTerm(request.accessKey);
  }
}
