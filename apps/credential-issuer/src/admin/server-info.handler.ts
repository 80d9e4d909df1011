import { Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AdminSubjects as S, type AdminRequest as Req, type AdminResponse as Res } from '#contracts';
import { ISSUER_CONFIG, type IssuerConfig } from '../config.js';
import { AdminHandlers } from './admin-handlers.js';
import { adminPipe } from './admin-pipe.js';

/** madmin ServerInfo (`mc admin info`), behind `admin:ServerInfo`: uptime and region, nothing internal. */
@AdminHandlers()
export class ServerInfoHandler {
  constructor(@Inject(ISSUER_CONFIG) private readonly config: IssuerConfig) {}

  @MessagePattern(S.ServerInfo)
  info(@Payload(adminPipe(S.ServerInfo)) _r: Req<typeof S.ServerInfo>): Res<typeof S.ServerInfo> {
    return { uptimeSeconds: Math.floor(process.uptime()), ...(this.config.region ? { region: this.config.region } : {}) };
  }
}
