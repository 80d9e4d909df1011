import 'reflect-metadata';
import { AppNames, Events } from '#contracts';
import { AnswerConnection, natsTransport } from '#infra-nats';
import { startMicroservice } from '#nest-common';
import { CredentialIssuerModule } from './credential-issuer.module.js';
import { loadConfig, issuerWarnings } from './config.js';

// Issued events leave on the connection that carries the answers, in the same socket write.
const answers = new AnswerConnection();
await startMicroservice(
  { app: AppNames.CredentialIssuer, loadConfig: () => loadConfig(), logLevel: (c) => c.logLevel, warnings: issuerWarnings },
  (config) => CredentialIssuerModule.register(config, answers),
  (config) => natsTransport({ servers: config.natsServers, queue: AppNames.CredentialIssuer, security: config.natsSecurity, leavingEvent: Events.IssuerLeaving, answers }),
);
