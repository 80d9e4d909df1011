import { Module, type DynamicModule } from '@nestjs/common';
import { AppNames } from '#contracts';
import { AssumeRole, LongTermIdentities, SecretSealer, systemClock } from '#domain';
import { ETCD, EtcdModule, EtcdUserStore, type EtcdConnection } from '#infra-etcd';
import { natsCredentialMinter, StsClient, StsClientModule } from '#infra-nats';
import { AssumeRoleHandler } from './assume-role.handler.js';
import { VERIFIER_CONFIG, type VerifierConfig } from './config.js';
import { HealthHandler } from './health.handler.js';

@Module({})
export class AssumeRoleVerifierModule {
  static register(config: VerifierConfig): DynamicModule {
    return {
      module: AssumeRoleVerifierModule,
      imports: [
        EtcdModule.register(config.etcd),
        StsClientModule.register({ servers: config.natsServers, timeoutMs: config.natsTimeoutMs, name: `${AppNames.AssumeRoleVerifier}-client`, app: AppNames.AssumeRoleVerifier, security: config.natsSecurity }),
      ],
      controllers: [AssumeRoleHandler, HealthHandler],
      providers: [
        { provide: VERIFIER_CONFIG, useValue: config },
        {
          provide: EtcdUserStore,
          inject: [ETCD],
          useFactory: async (etcd: EtcdConnection) => {
            const users = new EtcdUserStore(etcd);
            await users.watch();
            return users;
          },
        },
        {
          provide: AssumeRole,
          inject: [EtcdUserStore, StsClient],
          useFactory: (users: EtcdUserStore, client: StsClient) => {
            const identities = new LongTermIdentities(config.root, users, new SecretSealer(config.kms.key));
            return new AssumeRole(identities, natsCredentialMinter(client), systemClock, { region: config.region, durationOverrideSeconds: config.durationOverrideSeconds });
          },
        },
      ],
    };
  }
}
