import 'reflect-metadata';
import { AppNames } from '#contracts';
import { natsTransport } from '#infra-nats';
import { startMicroservice } from '#nest-common';
import { AssumeRoleVerifierModule } from './assume-role-verifier.module.js';
import { loadConfig } from './config.js';

await startMicroservice(
  { app: AppNames.AssumeRoleVerifier, loadConfig: () => loadConfig(), logLevel: (c) => c.logLevel },
  (config) => AssumeRoleVerifierModule.register(config),
  (config) => natsTransport({ servers: config.natsServers, queue: AppNames.AssumeRoleVerifier, security: config.natsSecurity }),
);
