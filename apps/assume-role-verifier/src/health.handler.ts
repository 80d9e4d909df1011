import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { AppNames, Subjects, type HealthReply } from '#contracts';
import { EtcdUserStore } from '#infra-etcd';

@Controller()
export class HealthHandler {
  constructor(private readonly users: EtcdUserStore) {}

  /** Subscribed, and the user cache's watch is live (while it is not, users are read from etcd each time). */
  @MessagePattern(Subjects.HealthAssumeRoleVerifier)
  health(): HealthReply {
    return { app: AppNames.AssumeRoleVerifier, ok: this.users.watchHealthy() };
  }
}
