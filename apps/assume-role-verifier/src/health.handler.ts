import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { AppNames, Subjects, type HealthReply } from '#contracts';

@Controller()
export class HealthHandler {
  /** Answering at all proves the replica is subscribed; its etcd reads are covered by the issuer's check. */
  @MessagePattern(Subjects.HealthAssumeRoleVerifier)
  health(): HealthReply {
    return { app: AppNames.AssumeRoleVerifier, ok: true };
  }
}
