import { randomBytes } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import { AppNames } from '#contracts';
import { AddUser, IssueCredentials, LookupCredential, SecretSealer, SigningKeyring, systemClock, type RandomSource } from '#domain';
import { ETCD, EtcdCredentialStore, EtcdKeyringStore, EtcdModule, EtcdUserStore, type EtcdConnection } from '#infra-etcd';
import { StsClientModule } from '#infra-nats';
import { AdminUsersHandler } from './admin-users.handler.js';
import { ISSUER_CONFIG, type IssuerConfig } from './config.js';
import { CredentialsHandler } from './credentials.handler.js';
import { HealthHandler } from './health.handler.js';

const random: RandomSource = { bytes: (n) => randomBytes(n) };

@Module({})
export class CredentialIssuerModule {
  static register(config: IssuerConfig): DynamicModule {
    return {
      module: CredentialIssuerModule,
      imports: [
        EtcdModule.register(config.etcd),
        StsClientModule.register({ servers: config.natsServers, timeoutMs: config.natsTimeoutMs, name: `${AppNames.CredentialIssuer}-client` }),
      ],
      controllers: [CredentialsHandler, AdminUsersHandler, HealthHandler],
      providers: [
        { provide: ISSUER_CONFIG, useValue: config },
        { provide: SecretSealer, useFactory: () => new SecretSealer(config.kms.key) },
        {
          provide: SigningKeyring,
          inject: [ETCD, SecretSealer],
          useFactory: (etcd: EtcdConnection, sealer: SecretSealer) => SigningKeyring.load(new EtcdKeyringStore(etcd), sealer, random, Date.now()),
        },
        {
          provide: IssueCredentials,
          inject: [ETCD, SigningKeyring, SecretSealer],
          useFactory: (etcd: EtcdConnection, keyring: SigningKeyring, sealer: SecretSealer) =>
            new IssueCredentials(new EtcdCredentialStore(etcd), keyring, sealer, systemClock, random),
        },
        {
          provide: LookupCredential,
          inject: [ETCD, SecretSealer],
          useFactory: (etcd: EtcdConnection, sealer: SecretSealer) => new LookupCredential(new EtcdCredentialStore(etcd), sealer),
        },
        {
          provide: AddUser,
          inject: [ETCD, SecretSealer],
          useFactory: (etcd: EtcdConnection, sealer: SecretSealer) => new AddUser(new EtcdUserStore(etcd), sealer, systemClock, config.root),
        },
      ],
    };
  }
}
