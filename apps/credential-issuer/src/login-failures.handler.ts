import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RecordLoginFailuresRequest, Subjects, type RecordLoginFailuresResponse } from '#contracts';
import { ETCD, EtcdLoginFailureStore, type EtcdConnection } from '#infra-etcd';
import { SchemaPipe } from '#nest-common';

/**
 * Failed LDAP logins reported by the LDAP verifiers. They are written here because the issuer is
 * the only etcd writer; every verifier replica reads the counters to refuse a throttled login.
 */
@Controller()
export class LoginFailuresHandler {
  private readonly store: EtcdLoginFailureStore;

  constructor(@Inject(ETCD) etcd: EtcdConnection) {
    this.store = new EtcdLoginFailureStore(etcd);
  }

  @MessagePattern(Subjects.LoginFailuresRecord)
  async record(@Payload(new SchemaPipe(RecordLoginFailuresRequest)) request: RecordLoginFailuresRequest): Promise<RecordLoginFailuresResponse> {
    return { counts: await this.store.record(request.keys, request.windowSeconds) };
  }
}
