import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppNames } from '#contracts';
import { auditWarnings, bootConfig, exitWithinDeadline } from '#nest-common';
import { ApiGatewayModule } from './api-gateway.module.js';
import { loadConfig } from './config.js';
import { configureStsHttp, createHttpAdapter } from './http-server.js';
import { StsErrorFilter } from './sts-error.filter.js';

const { config, logger } = bootConfig({ app: AppNames.ApiGateway, loadConfig: () => loadConfig(), logLevel: (c) => c.logLevel, warnings: auditWarnings });
const app = await NestFactory.create<NestFastifyApplication>(ApiGatewayModule.register(config), createHttpAdapter(config), { logger, bodyParser: false });
configureStsHttp(app.getHttpAdapter().getInstance(), config);
app.useGlobalFilters(new StsErrorFilter());
app.enableShutdownHooks();
exitWithinDeadline(logger);
await app.listen(config.port, config.host);
logger.info('ready', { pid: process.pid, endpoint: `http://${config.host}:${config.port}` });
