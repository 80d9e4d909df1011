import { randomBytes } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import { AppNames, StsError } from '#contracts';
import { IssueCredentials, KeyringAdmin, RevokeCredentials, SecretSealer, SigningKeyring, systemClock, type RandomSource } from '#domain';
import { ETCD, EtcdKeyringStore, EtcdModule, type EtcdConnection } from '#infra-etcd';
import { StsClientModule } from '#infra-nats';
import { ConfigError } from '#nest-common';
import { CredentialsAdminHandler } from './admin/credentials-admin.handler.js';
import { GroupsHandler } from './admin/groups.handler.js';
import { PoliciesHandler } from './admin/policies.handler.js';
import { UsersHandler } from './admin/users.handler.js';
import { ISSUER_CONFIG, type IssuerConfig } from './config.js';
import { CredentialsHandler } from './credentials.handler.js';
import { HealthHandler } from './health.handler.js';
import { KeyringSync } from './keyring-sync.js';
import { LoginFailuresHandler } from './login-failures.handler.js';
import { RevocationHandler } from './admin/revocation.handler.js';
import { iamProviders, IamStores } from './iam.providers.js';

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
      controllers: [CredentialsHandler, UsersHandler, GroupsHandler, PoliciesHandler, CredentialsAdminHandler, RevocationHandler, LoginFailuresHandler, HealthHandler],
      providers: [
        { provide: ISSUER_CONFIG, useValue: config },
        { provide: SecretSealer, useFactory: () => new SecretSealer(config.kms.key) },
        {
          provide: SigningKeyring,
          inject: [ETCD, SecretSealer],
          useFactory: (etcd: EtcdConnection, sealer: SecretSealer) =>
            new SigningKeyring(new EtcdKeyringStore(etcd), sealer, random).load(Date.now()).catch((error: Error) => {
              if (error instanceof StsError) throw error;
              // An unseal failure: the keyring was sealed under another key (a changed root password without a KMS key).
              throw new ConfigError('MINIO_KMS_SECRET_KEY', `the signing keyring in etcd cannot be unsealed with the configured key (${error.message}); set it to the key the data was sealed with — when unset, the key derives from MINIO_ROOT_PASSWORD`);
            }),
        },
        {
          provide: IssueCredentials,
          inject: [IamStores, SigningKeyring, SecretSealer],
          useFactory: (stores: IamStores, keyring: SigningKeyring, sealer: SecretSealer) =>
            new IssueCredentials(stores.credentials, keyring, sealer, systemClock, random),
        },
        {
          provide: KeyringAdmin,
          inject: [SigningKeyring, IamStores],
          useFactory: (keyring: SigningKeyring, stores: IamStores) => new KeyringAdmin(keyring, stores.credentials, systemClock),
        },
        { provide: RevokeCredentials, inject: [IamStores], useFactory: (stores: IamStores) => new RevokeCredentials(stores.credentials, systemClock) },
        KeyringSync,
        ...iamProviders,
      ],
    };
  }
}
