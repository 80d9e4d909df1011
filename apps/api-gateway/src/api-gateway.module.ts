import { Module, type DynamicModule } from '@nestjs/common';
import { AppNames } from '#contracts';
import { ETCD, EtcdCredentialDeletionFeed, EtcdModule, type EtcdConnection } from '#infra-etcd';
import { AuditPublisher, StsClient, StsClientModule } from '#infra-nats';
import { DrainState } from '#nest-common';
import { AdminController } from './admin.controller.js';
import { ChangeFeedTrust } from './change-feed-trust.js';
import { AuditTrail } from './audit-trail.js';
import { GATEWAY_CONFIG, type GatewayConfig } from './config.js';
import { HealthController } from './health.controller.js';
import { LiveCredentialCache } from './live-credential-cache.js';
import { CREDENTIAL_DELETION_FEED, RevocationBackstop } from './revocation-backstop.js';
import { s3Providers } from './s3/s3.providers.js';
import { StsEndpoint } from './sts-endpoint.js';
import { StsService } from './sts.service.js';
import { UnauditedCredentials } from './unaudited-credentials.js';

@Module({})
export class ApiGatewayModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: ApiGatewayModule,
      imports: [
        StsClientModule.register({ servers: config.natsServers, timeoutMs: config.natsTimeoutMs, name: AppNames.ApiGateway, app: AppNames.ApiGateway, security: config.natsSecurity }),
        ...(config.etcd ? [EtcdModule.register(config.etcd)] : []),
      ],
      controllers: [HealthController, AdminController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        ...(config.etcd && config.invalidation.watches ? [{ provide: CREDENTIAL_DELETION_FEED, inject: [ETCD], useFactory: (etcd: EtcdConnection) => new EtcdCredentialDeletionFeed(etcd) }] : []),
        { provide: AuditPublisher, inject: [StsClient], useFactory: (client: StsClient) => new AuditPublisher(client, config.audit) },
        AuditTrail, ChangeFeedTrust, DrainState, LiveCredentialCache, RevocationBackstop, StsService, StsEndpoint, UnauditedCredentials,
        ...s3Providers(config),
      ],
    };
  }
}
