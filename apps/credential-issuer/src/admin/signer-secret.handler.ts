import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AdminSignerSecretRequest, Subjects, type AdminSignerSecret } from '#contracts';
import { AdminAuthorizer } from '#domain';
import { SchemaPipe } from '#nest-common';

/**
 * madmin encrypts admin bodies with the signer's secret key; the gateway asks for it only after this
 * verifies the signature, so it learns nothing the caller did not prove to hold. Never logged.
 */
@Controller()
export class SignerSecretHandler {
  constructor(private readonly auth: AdminAuthorizer) {}

  @MessagePattern(Subjects.AdminSignerSecret)
  secret(@Payload(new SchemaPipe(AdminSignerSecretRequest)) request: AdminSignerSecretRequest): Promise<AdminSignerSecret> {
    return this.auth.signerSecret(request.signed);
  }
}
