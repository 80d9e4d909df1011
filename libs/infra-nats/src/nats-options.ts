import type { NestInterceptor } from '@nestjs/common';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { natsIdentityOptions, type NatsSecurity } from './nats-security.js';
import { CoalesceRepliesInterceptor } from './write-coalescing.js';

export interface NatsOptions {
  servers: string[];
  /** Queue group: the app's name, so N replicas share its requests (DESIGN §2). */
  queue: string;
  /** The app's NATS user and TLS; without it the app connects anonymously (a server without authorization). */
  security?: NatsSecurity;
}

/** How every verifier and the issuer listen. */
export function natsMicroserviceOptions(options: NatsOptions): MicroserviceOptions {
  return {
    transport: Transport.NATS,
    options: {
      servers: options.servers,
      queue: options.queue,
      name: options.queue,
      // Drain in-flight requests on SIGTERM instead of dropping them (toolchain §4a).
      gracefulShutdown: true,
      gracePeriod: 2000,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      ...natsIdentityOptions(options.queue, options.security),
    },
  };
}

/** The NATS transport of a microservice, with its replies coalesced into fewer socket writes. */
export function natsTransport(options: NatsOptions): { options: MicroserviceOptions; interceptors: NestInterceptor[] } {
  return { options: natsMicroserviceOptions(options), interceptors: [new CoalesceRepliesInterceptor()] };
}
