import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { AppNames, Subjects, type HealthReply } from '#contracts';

@Controller()
export class HealthHandler {
  /** Answering proves the replica is subscribed; a directory outage must not make AssumeRole unready. */
  @MessagePattern(Subjects.HealthLdapVerifier)
  health(): HealthReply {
    return { app: AppNames.LdapVerifier, ok: true };
  }
}
