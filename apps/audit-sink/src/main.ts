import 'reflect-metadata';
import { AppNames } from '#contracts';
import { natsTransport } from '#infra-nats';
import { startMicroservice } from '#nest-common';
import { AuditSinkModule } from './audit-sink.module.js';
import { loadConfig } from './config.js';

await startMicroservice(
  { app: AppNames.AuditSink, loadConfig: () => loadConfig(), logLevel: (c) => c.logLevel },
  (config) => AuditSinkModule.register(config),
  (config) => natsTransport({ servers: config.natsServers, queue: AppNames.AuditSink, security: config.natsSecurity }),
);
