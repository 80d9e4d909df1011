import { Module, type DynamicModule } from '@nestjs/common';
import { AppNames } from '#contracts';
import { OpenIdVerificationModule } from '#openid-verification';
import { ClientGrantsHandler } from './client-grants.handler.js';
import type { ClientGrantsVerifierConfig } from './config.js';
import { HealthHandler } from './health.handler.js';

@Module({})
export class ClientGrantsVerifierModule {
  static register(config: ClientGrantsVerifierConfig): DynamicModule {
    return {
      module: ClientGrantsVerifierModule,
      imports: [OpenIdVerificationModule.register(AppNames.ClientGrantsVerifier, 'AssumeRoleWithClientGrants', config)],
      controllers: [ClientGrantsHandler, HealthHandler],
    };
  }
}
