import { Controller, Get, Head, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { HealthSubjects } from '#contracts';
import { StsClient } from '#infra-nats';
import { GATEWAY_CONFIG, type GatewayConfig } from './config.js';
import { RevocationBackstop } from './revocation-backstop.js';

const PROBE_TIMEOUT_MS = 1000;

/** MinIO's health endpoints: live = this process; ready = NATS, etcd, one replica of every service and a live revocation watch. */
@Controller('minio/health')
export class HealthController {
  constructor(private readonly client: StsClient, @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig, private readonly backstop: RevocationBackstop) {}

  @Get('live')
  @Head('live')
  live(@Res() reply: FastifyReply): void {
    reply.status(200).send();
  }

  @Get('ready')
  @Head('ready')
  async ready(@Res() reply: FastifyReply): Promise<void> {
    // Verifiers of an identity kind the deployment does not configure may be absent.
    const required = HealthSubjects.filter(({ onlyWhenConfigured: kind }) => !kind || this.config.configuredIdentities.includes(kind));
    const answers = await Promise.all(
      required.map(({ subject }) => this.client.request(subject, {}, PROBE_TIMEOUT_MS).then((r) => r.ok, () => false)),
    );
    reply.status(answers.every(Boolean) && this.backstop.healthy() ? 200 : 503).send();
  }
}
