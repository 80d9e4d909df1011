import 'reflect-metadata';
import { AppNames } from '#contracts';
import { natsTransport } from '#infra-nats';
import { startMicroservice } from '#nest-common';
import { ldapWarnings, loadConfig } from './config.js';
import { LdapVerifierModule } from './ldap-verifier.module.js';

await startMicroservice(
  { app: AppNames.LdapVerifier, loadConfig: () => loadConfig(), logLevel: (c) => c.logLevel, warnings: ldapWarnings },
  (config) => LdapVerifierModule.register(config),
  (config) => natsTransport({ servers: config.natsServers, queue: AppNames.LdapVerifier, security: config.natsSecurity }),
);
