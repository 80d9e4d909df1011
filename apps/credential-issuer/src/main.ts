import 'reflect-metadata';
import { AppNames, Events } from '#contracts';
import { natsTransport } from '#infra-nats';
import { startMicroservice } from '#nest-common';
import { CredentialIssuerModule } from './credential-issuer.module.js';
import { loadConfig, issuerWarnings } from './config.js';

await startMicroservice(
  { app: AppNames.CredentialIssuer, loadConfig: () => loadConfig(), logLevel: (c) => c.logLevel, warnings: issuerWarnings },
  (config) => CredentialIssuerModule.register(config),
  (config) => natsTransport({ servers: config.natsServers, queue: AppNames.CredentialIssuer, security: config.natsSecurity, leavingEvent: Events.IssuerLeaving }),
);
