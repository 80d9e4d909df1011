import { Module, type DynamicModule } from '@nestjs/common';
import { AppNames } from '#contracts';
import { EtcdModule } from '#infra-etcd';
import { StsClientModule } from '#infra-nats';
import { LDAP_VERIFIER_CONFIG, type LdapVerifierConfig } from './config.js';
import { HealthHandler } from './health.handler.js';
import { LdapHandler } from './ldap.handler.js';
import { ldapProviders } from './ldap.providers.js';

@Module({})
export class LdapVerifierModule {
  static register(config: LdapVerifierConfig): DynamicModule {
    return {
      module: LdapVerifierModule,
      imports: [
        EtcdModule.register(config.etcd),
        StsClientModule.register({ servers: config.natsServers, timeoutMs: config.natsTimeoutMs, name: `${AppNames.LdapVerifier}-client`, app: AppNames.LdapVerifier, security: config.natsSecurity }),
      ],
      controllers: [LdapHandler, HealthHandler],
      providers: [{ provide: LDAP_VERIFIER_CONFIG, useValue: config }, ...ldapProviders(config)],
    };
  }
}
