import type { DynamicModule, INestApplicationContext, NestInterceptor } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { ConfigError } from './config-values.js';
import { NODE_KEEP_ALIVE_BUFFER_MS } from './http-drain.js';
import { JsonLogger } from './json-logger.js';
import { RpcErrorFilter } from './rpc-error.filter.js';

export interface AppBoot<C> {
  app: string;
  loadConfig: () => C;
  logLevel: (config: C) => string;
  warnings?: (config: C) => string[];
}

/** Reads config (a bad value exits with a message naming the variable), then builds the app. */
export function bootConfig<C>(boot: AppBoot<C>): { config: C; logger: JsonLogger } {
  try {
    const config = boot.loadConfig();
    const logger = new JsonLogger(boot.app, boot.logLevel(config));
    for (const warning of boot.warnings?.(config) ?? []) logger.warn(warning);
    return { config, logger };
  } catch (error) {
    exitWithConfigError(boot.app, error as Error);
  }
}

/** Every app is gone this long after SIGTERM/SIGINT, whatever NATS or etcd do meanwhile (issue 11 case 10). */
export const SHUTDOWN_DEADLINE_MS = 8000;

/**
 * Nest closes the app on SIGTERM and then exits; a close that waits on a bus or store that is down
 * (a NATS drain, an etcd call) must not keep the process alive: past the deadline it exits anyway.
 */
export function exitWithinDeadline(logger: JsonLogger): void {
  const arm = (signal: NodeJS.Signals) => {
    setTimeout(() => {
      logger.warn(`shutdown after ${signal} did not finish within ${SHUTDOWN_DEADLINE_MS} ms; exiting`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
  };
  process.once('SIGTERM', arm);
  process.once('SIGINT', arm);
}

/** The gateway's default STS_HTTP_KEEP_ALIVE_TIMEOUT_MS (Node's own default). */
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 5000;

/**
 * How long a gateway's HTTP drain may take of the shutdown deadline; Nest's close (NATS, etcd) gets
 * the rest (1.5 s). It outlasts the default keep-alive timer (5 s + Node's 1 s buffer), so that a
 * connection idle at SIGTERM is closed by that timer, as its client was told, not cut (HttpDrain).
 */
export const HTTP_DRAIN_DEADLINE_MS = DEFAULT_KEEP_ALIVE_TIMEOUT_MS + NODE_KEEP_ALIVE_BUFFER_MS + 500;

/** Something to take out of service before the app closes (the gateway's HttpDrain). */
export interface Drainable {
  drain(deadlineMs: number): Promise<void>;
}

/**
 * SIGTERM/SIGINT: `drainable` is drained first (a gateway stops taking connections and answers what
 * it has), then Nest closes the app (a microservice leaves its queue group and answers what it took:
 * DrainingNatsServer; then NATS and etcd connections close), then the process exits; past
 * SHUTDOWN_DEADLINE_MS it exits anyway. Replaces Nest's enableShutdownHooks, which closes at once.
 */
export function closeOnSignal(app: INestApplicationContext, logger: JsonLogger, drainable?: Drainable): void {
  exitWithinDeadline(logger);
  let closing = false;
  const close = async (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.info('draining', { signal });
    try {
      await drainable?.drain(HTTP_DRAIN_DEADLINE_MS);
      await app.close();
    } catch (error) {
      logger.error(`shutdown after ${signal} failed: ${(error as Error).message}`);
      process.exit(1);
    }
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void close(signal));
  process.once('SIGINT', (signal) => void close(signal));
}

/** How an app stops on a bad setting, also one found only once it checks it online (LDAP). */
export function exitWithConfigError(app: string, error: Error): never {
  process.stderr.write(`${app}: invalid configuration: ${error.message}\n`);
  process.exit(2);
}

/** How a microservice listens, and the interceptors its transport wants around every handler. */
export interface MicroserviceTransport {
  options: MicroserviceOptions;
  interceptors: NestInterceptor[];
  /** Hands the handlers the transport calls itself to it, once the app is built; throws to refuse one. */
  serveDirectly?: (app: INestApplicationContext) => void;
}

/** A verifier or the issuer: a pure microservice (NATS, in its app's queue group; see infra-nats). */
export async function startMicroservice<C>(boot: AppBoot<C>, module: (config: C) => DynamicModule, transport: (config: C) => MicroserviceTransport): Promise<INestApplicationContext> {
  const { config, logger } = bootConfig(boot);
  const { options, interceptors, serveDirectly } = transport(config);
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(module(config), { ...options, logger, abortOnError: false })
    .catch((error: Error) => (error instanceof ConfigError ? exitWithConfigError(boot.app, error) : Promise.reject(error)));
  app.useGlobalInterceptors(...interceptors);
  // Before the filter: direct handlers answer errors as it does, and any other global enhancer refuses them.
  try {
    serveDirectly?.(app);
  } catch (error) {
    logger.error(`refusing to start: ${(error as Error).message}`);
    process.exit(1);
  }
  app.useGlobalFilters(new RpcErrorFilter());
  closeOnSignal(app, logger);
  await app.listen();
  logger.info('ready', { pid: process.pid });
  return app;
}
