import type { INestApplicationContext, NestInterceptor } from '@nestjs/common';
import type { MicroserviceOptions, NatsOptions as NatsMicroserviceOptions } from '@nestjs/microservices';
import type { AnswerConnection } from './answer-connection.js';
import { directRequestHandlers } from './direct-request.js';
import { DrainingNatsServer } from './draining-nats-server.js';
import { natsIdentityOptions, type NatsSecurity } from './nats-security.js';

export interface NatsOptions {
  servers: string[];
  /** Queue group: the app's name, so N replicas share its requests (DESIGN §2). */
  queue: string;
  /** The app's NATS user and TLS; without it the app connects anonymously (a server without authorization). */
  security?: NatsSecurity;
  /** Published once the app left its queue groups on shutdown (the issuer's, for the verifiers that hand requests on to it). */
  leavingEvent?: string;
  /** Handed the server's connection, for events that should leave with the answers (the issuer's issued events). */
  answers?: AnswerConnection;
}

/** How long each step of a replica's drain may take (leave the queue group, answer, flush); see DrainingNatsServer. */
const DRAIN_STEP_MS = 2000;

/** How every verifier and the issuer listen. */
export function natsMicroserviceOptions(options: NatsOptions): Required<NatsMicroserviceOptions>['options'] {
  return {
    servers: options.servers,
    queue: options.queue,
    name: options.queue,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    ...natsIdentityOptions(options.queue, options.security),
  };
}

/**
 * The NATS transport of a microservice: on SIGTERM it leaves its queue group and answers what it
 * took before closing (DrainingNatsServer), and its replies are coalesced into fewer socket writes.
 * `serveDirectly` hands the app's DirectRequest handlers to the server; it throws (the app must not
 * start) for one whose skipped Nest pipeline would matter.
 */
export function natsTransport(options: NatsOptions): { options: MicroserviceOptions; interceptors: NestInterceptor[]; serveDirectly: (app: INestApplicationContext) => void } {
  const strategy = new DrainingNatsServer(natsMicroserviceOptions(options), DRAIN_STEP_MS, options.leavingEvent, options.answers);
  return { options: { strategy }, interceptors: [], serveDirectly: (app) => strategy.serveDirectly(directRequestHandlers(app)) };
}
