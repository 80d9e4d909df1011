import { Controller, Get, Head, Inject, Optional, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { HealthSubjects } from '#contracts';
import { StsClient } from '#infra-nats';
import { DrainState } from '#nest-common';
import type { S3Backend } from '#infra-s3';
import { GATEWAY_CONFIG, type GatewayConfig } from './config.js';
import { RevocationBackstop } from './revocation-backstop.js';
import { AccessInvalidation } from './s3/access-invalidation.js';
import { S3_BACKEND } from './s3/s3-gateway.js';

const PROBE_TIMEOUT_MS = 1000;

/**
 * MinIO's health endpoints: live = this process, until it exits; ready = not draining (SIGTERM: 503
 * at once, so a load balancer stops sending while the answers in hand go out), NATS, etcd, one
 * replica of every service, live revocation and IAM watches, and the S3 backend when configured.
 */
@Controller('minio/health')
export class HealthController {
  constructor(
    private readonly client: StsClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly backstop: RevocationBackstop,
    private readonly access: AccessInvalidation,
    private readonly drain: DrainState,
    @Optional() @Inject(S3_BACKEND) private readonly backend?: S3Backend,
  ) {}

  @Get('live')
  @Head('live')
  live(@Res() reply: FastifyReply): void {
    reply.status(200).send();
  }

  @Get('ready')
  @Head('ready')
  async ready(@Res() reply: FastifyReply): Promise<void> {
    if (this.drain.draining) return void reply.status(503).send();
    // Verifiers of an identity kind the deployment does not configure may be absent.
    const required = HealthSubjects.filter(({ onlyWhenConfigured: kind }) => !kind || this.config.configuredIdentities.includes(kind));
    const answers = await Promise.all([
      ...required.map(({ subject }) => this.client.request(subject, {}, PROBE_TIMEOUT_MS).then((r) => r.ok, () => false)),
      ...(this.backend ? [this.backend.reachable(PROBE_TIMEOUT_MS)] : []),
    ]);
    // Asked again: a drain that began while the probes were out must not be answered with a 200.
    const ready = !this.drain.draining && answers.every(Boolean) && this.backstop.healthy() && this.access.healthy();
    reply.status(ready ? 200 : 503).send();
  }
}
