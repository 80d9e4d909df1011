import { Controller } from '@nestjs/common';
import { LookupLongTermKeyRequest, Subjects, type LookupLongTermKeyResponse } from '#contracts';
import { SignerAccess } from '#domain';
import { DirectRequest } from '#infra-nats';

/** Gateways verify S3 calls signed with long-term keys themselves: the key's secret and current access. */
@Controller()
export class S3SignersHandler {
  constructor(private readonly signers: SignerAccess) {}

  @DirectRequest(Subjects.CredentialsLookupLongTerm, LookupLongTermKeyRequest)
  async lookupLongTerm(request: LookupLongTermKeyRequest): Promise<LookupLongTermKeyResponse> {
    return this.signers.longTerm(request.accessKey);
  }
}
