import 'reflect-metadata';
import { AppNames } from '#contracts';
import { natsTransport } from '#infra-nats';
import { startMicroservice } from '#nest-common';
import { ClientGrantsVerifierModule } from './client-grants-verifier.module.js';
import { loadConfig } from './config.js';

await startMicroservice(
  { app: AppNames.ClientGrantsVerifier, loadConfig: () => loadConfig(), logLevel: (c) => c.logLevel },
  (config) => ClientGrantsVerifierModule.register(config),
  (config) => natsTransport({ servers: config.natsServers, queue: AppNames.ClientGrantsVerifier, security: config.natsSecurity }),
);
