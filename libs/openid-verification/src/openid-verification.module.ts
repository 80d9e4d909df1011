import { Logger, Module, type DynamicModule } from '@nestjs/common';
import type { AppName, TokenAction } from '#contracts';
import { AssumeRoleWithToken, PolicyCatalog, systemClock } from '#domain';
import { ETCD, EtcdModule, EtcdPolicyStore, type EtcdConnection, type EtcdOptions } from '#infra-etcd';
import { OpenIdProviderPool, type OpenIdPoolSettings } from '#infra-jwks';
import { IssueForwarder, natsCredentialMinter, StsClient, StsClientModule, type NatsSecurity } from '#infra-nats';

/** What an OpenID verifier app reads at boot (its config.ts builds this from the environment). */
export interface OpenIdVerifierConfig {
  natsServers: string[];
  natsTimeoutMs: number;
  issuerDirectReply: boolean;
  natsSecurity: NatsSecurity;
  etcd: EtcdOptions;
  /** `MINIO_STS_DURATION` in seconds. */
  durationOverrideSeconds?: number;
  openId: OpenIdPoolSettings;
}

/**
 * The wiring both token verifiers share: providers (discovery, JWKS, JWT rules), policies read
 * from etcd, and the issuer over NATS, around the AssumeRoleWithToken use case. The apps differ
 * only in their action, subject and queue group.
 */
@Module({})
export class OpenIdVerificationModule {
  static register(app: AppName, action: TokenAction, config: OpenIdVerifierConfig): DynamicModule {
    return {
      module: OpenIdVerificationModule,
      imports: [
        EtcdModule.register(config.etcd),
        StsClientModule.register({ servers: config.natsServers, timeoutMs: config.natsTimeoutMs, name: `${app}-client`, app, security: config.natsSecurity }),
      ],
      providers: [
        { provide: OpenIdProviderPool, useFactory: () => openIdProviderPool(config.openId) },
        {
          provide: AssumeRoleWithToken,
          inject: [OpenIdProviderPool, ETCD, StsClient],
          useFactory: (pool: OpenIdProviderPool, etcd: EtcdConnection, client: StsClient) => {
            const catalog = new PolicyCatalog(new EtcdPolicyStore(etcd));
            return new AssumeRoleWithToken(pool.directory, catalog, natsCredentialMinter(client), systemClock, { action, durationOverrideSeconds: config.durationOverrideSeconds });
          },
        },
        { provide: IssueForwarder, inject: [StsClient], useFactory: (client: StsClient) => new IssueForwarder(client, config.issuerDirectReply) },
      ],
      exports: [AssumeRoleWithToken, IssueForwarder],
    };
  }
}

function openIdProviderPool(settings: OpenIdPoolSettings): OpenIdProviderPool {
  const logger = new Logger('OpenIdProviders');
  const pool = new OpenIdProviderPool(settings, logger);
  if (settings.providers.length === 0) logger.log('no OpenID provider is configured: every request is refused as MinIO does');
  // MinIO prints the role ARNs at startup ("IAM Roles"): operators hand them to their clients.
  for (const arn of pool.directory.roleArns) logger.log(`IAM Role: ${arn}`);
  return pool;
}
