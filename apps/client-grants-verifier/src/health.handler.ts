import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { AppNames, Subjects, type HealthReply } from '#contracts';

@Controller()
export class HealthHandler {
  /** Answering proves the replica is subscribed; an IdP outage is answered per request, fast, not here. */
  @MessagePattern(Subjects.HealthClientGrantsVerifier)
  health(): HealthReply {
    return { app: AppNames.ClientGrantsVerifier, ok: true };
  }
}
