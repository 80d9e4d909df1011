import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { AppNames, Subjects, type HealthReply } from '#contracts';
import { ETCD, etcdAnswers, type EtcdConnection } from '#infra-etcd';


@Controller()
export class HealthHandler {
  constructor(@Inject(ETCD) private readonly etcd: EtcdConnection) {}

  /** Ready means able to issue: etcd must answer too. */
  @MessagePattern(Subjects.HealthCredentialIssuer)
  async health(): Promise<HealthReply> {
    return { app: AppNames.CredentialIssuer, ok: await etcdAnswers(this.etcd) };
  }
}
