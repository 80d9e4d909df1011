import { Module, type DynamicModule } from '@nestjs/common';
import { AppNames } from '#contracts';
import { EtcdModule } from '#infra-etcd';
import { AnswerConnection, AuditPublisher, StsClient, StsClientModule } from '#infra-nats';
import { AccessKeysHandler } from './admin/access-keys.handler.js';
import { AccountInfoHandler } from './admin/account-info.handler.js';
import { AdminAudit } from './admin/admin-audit.js';
import { CredentialsAdminHandler } from './admin/credentials-admin.handler.js';
import { GroupsHandler } from './admin/groups.handler.js';
import { PoliciesHandler } from './admin/policies.handler.js';
import { RevocationHandler } from './admin/revocation.handler.js';
import { ServerInfoHandler } from './admin/server-info.handler.js';
import { ServiceAccountsHandler } from './admin/service-accounts.handler.js';
import { SignerSecretHandler } from './admin/signer-secret.handler.js';
import { UsersHandler } from './admin/users.handler.js';
import type { IssuerConfig } from './config.js';
import { CredentialsHandler } from './credentials.handler.js';
import { HealthHandler } from './health.handler.js';
import { issuerProviders } from './issuer.providers.js';
import { IssuedEvents } from './issued-events.js';
import { KeyringSync } from './keyring-sync.js';
import { LoginFailuresHandler } from './login-failures.handler.js';
import { S3SignersHandler } from './s3-signers.handler.js';

export const ISSUER_HANDLERS = [
  CredentialsHandler, UsersHandler, GroupsHandler, PoliciesHandler, CredentialsAdminHandler, RevocationHandler, ServiceAccountsHandler, ServerInfoHandler, AccountInfoHandler, AccessKeysHandler,
  SignerSecretHandler, LoginFailuresHandler, HealthHandler, S3SignersHandler,
];

/** The only etcd writer: issuance, lookups for gateways, IAM administration, revocation, the keyring. */
@Module({})
export class CredentialIssuerModule {
  /** `answers`: the server's connection (natsTransport's), on which the issued events leave with the answers. */
  static register(config: IssuerConfig, answers: AnswerConnection = new AnswerConnection()): DynamicModule {
    return {
      module: CredentialIssuerModule,
      imports: [
        EtcdModule.register(config.etcd),
        StsClientModule.register({ servers: config.natsServers, timeoutMs: config.natsTimeoutMs, name: `${AppNames.CredentialIssuer}-client`, app: AppNames.CredentialIssuer, security: config.natsSecurity }),
      ],
      controllers: ISSUER_HANDLERS,
      providers: [
        ...issuerProviders(config), KeyringSync, IssuedEvents,
        { provide: AnswerConnection, useValue: answers },
        { provide: AuditPublisher, inject: [StsClient], useFactory: (client: StsClient) => new AuditPublisher(client, config.audit) },
        // The admin handlers' interceptors (AdminHandlers) need these.
        AdminAudit,
      ],
    };
  }
}
