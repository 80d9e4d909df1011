import { describe, expect, it } from '@jest/globals';
import type { FastifyReply } from 'fastify';
import type { StsClient } from '#infra-nats';
import { DrainState } from '#nest-common';
import type { GatewayConfig } from './config.js';
import { HealthController } from './health.controller.js';
import type { RevocationBackstop } from './revocation-backstop.js';
import type { AccessInvalidation } from './s3/access-invalidation.js';

/** A gateway whose services all answer and whose watches are live; `probes` counts the NATS probes sent. */
function gateway(duringProbe: (drain: DrainState) => void = () => undefined) {
  const drain = new DrainState();
  const probes: string[] = [];
  const client = { request: async (subject: string) => (probes.push(subject), duringProbe(drain), { ok: true }) } as unknown as StsClient;
  const config = { configuredIdentities: [] } as unknown as GatewayConfig;
  const healthy = { healthy: () => true };
  const controller = new HealthController(client, config, healthy as RevocationBackstop, healthy as unknown as AccessInvalidation, drain);
  return { controller, drain, probes };
}

/** The status a handler sets, through the two calls of Fastify's reply it uses. */
function reply(): { status?: number; fastify: FastifyReply } {
  const seen: { status?: number; fastify: FastifyReply } = { fastify: undefined as never };
  seen.fastify = { status: (code: number) => ((seen.status = code), seen.fastify), send: () => seen.fastify } as unknown as FastifyReply;
  return seen;
}

describe('the gateway health endpoints', () => {
  it('answers ready when every service answers and the watches are live', async () => {
    const { controller, probes } = gateway();
    const ready = reply();
    await controller.ready(ready.fastify);
    expect(ready.status).toBe(200);
    expect(probes.length).toBeGreaterThan(0);
  });

  it('answers not ready from the moment draining starts, without probing anything, while live stays 200', async () => {
    const { controller, drain, probes } = gateway();
    drain.begin();
    const ready = reply();
    await controller.ready(ready.fastify);
    expect(ready.status).toBe(503);
    expect(probes).toEqual([]);
    const live = reply();
    controller.live(live.fastify);
    expect(live.status).toBe(200);
  });

  it('answers not ready when draining starts while its probes are out', async () => {
    const { controller } = gateway((drain) => drain.begin());
    const ready = reply();
    await controller.ready(ready.fastify);
    expect(ready.status).toBe(503);
  });
});
