import { Module, type DynamicModule } from '@nestjs/common';
import { AppNames } from '#contracts';
import { OpenIdVerificationModule } from '#openid-verification';
import type { OidcVerifierConfig } from './config.js';
import { HealthHandler } from './health.handler.js';
import { WebIdentityHandler } from './web-identity.handler.js';

@Module({})
export class OidcVerifierModule {
  static register(config: OidcVerifierConfig): DynamicModule {
    return {
      module: OidcVerifierModule,
      imports: [OpenIdVerificationModule.register(AppNames.OidcVerifier, 'AssumeRoleWithWebIdentity', config)],
      controllers: [WebIdentityHandler, HealthHandler],
    };
  }
}
