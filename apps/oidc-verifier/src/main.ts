import 'reflect-metadata';
import { AppNames } from '#contracts';
import { natsTransport } from '#infra-nats';
import { startMicroservice } from '#nest-common';
import { loadConfig } from './config.js';
import { OidcVerifierModule } from './oidc-verifier.module.js';

await startMicroservice(
  { app: AppNames.OidcVerifier, loadConfig: () => loadConfig(), logLevel: (c) => c.logLevel },
  (config) => OidcVerifierModule.register(config),
  (config) => natsTransport({ servers: config.natsServers, queue: AppNames.OidcVerifier, security: config.natsSecurity }),
);
