import { Module, type DynamicModule } from '@nestjs/common';
import { AppNames } from '#contracts';
import { AssumeRole, LongTermCallerIdentity, LongTermIdentities, systemClock } from '#domain';
import { ETCD, EtcdModule, EtcdServiceAccountStore, EtcdUserStore, sealerFor, type EtcdConnection } from '#infra-etcd';
import { IssueForwarder, natsCredentialMinter, StsClient, StsClientModule } from '#infra-nats';
import { AssumeRoleHandler } from './assume-role.handler.js';
import { CallerIdentityHandler } from './caller-identity.handler.js';
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
      controllers: [AssumeRoleHandler, CallerIdentityHandler, HealthHandler],
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
          provide: LongTermIdentities,
          inject: [EtcdUserStore, ETCD],
          useFactory: async (users: EtcdUserStore, etcd: EtcdConnection) =>
            new LongTermIdentities(
              config.root, users, await sealerFor(etcd, config.kms, config.root.secretKey, false), new EtcdServiceAccountStore(etcd), systemClock,
            ),
        },
        {
          provide: AssumeRole,
          inject: [LongTermIdentities, StsClient],
          useFactory: (identities: LongTermIdentities, client: StsClient) =>
            new AssumeRole(identities, natsCredentialMinter(client), systemClock, { region: config.region, durationOverrideSeconds: config.durationOverrideSeconds }),
        },
        { provide: IssueForwarder, inject: [StsClient], useFactory: (client: StsClient) => new IssueForwarder(client, config.issuerDirectReply) },
        {
          provide: LongTermCallerIdentity,
          inject: [LongTermIdentities],
          useFactory: (identities: LongTermIdentities) => new LongTermCallerIdentity(identities, systemClock, config.region),
        },
      ],
    };
  }
}
