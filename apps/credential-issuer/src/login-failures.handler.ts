import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ReleaseLoginFailuresRequest, ReserveLoginFailuresRequest, Subjects, type ReleaseLoginFailuresResponse, type ReserveLoginFailuresResponse,
} from '#contracts';
import { ETCD, EtcdLoginFailureStore, type EtcdConnection } from '#infra-etcd';
import { SchemaPipe } from '#nest-common';

/**
 * Failed-LDAP-login budgets, reserved by the LDAP verifiers before each bind. They are written here
 * because the issuer is the only etcd writer; the reservation is atomic in etcd, so every replica of
 * both apps shares one limit.
 */
@Controller()
export class LoginFailuresHandler {
  private readonly store: EtcdLoginFailureStore;

  constructor(@Inject(ETCD) etcd: EtcdConnection) {
    this.store = new EtcdLoginFailureStore(etcd);
  }

  @MessagePattern(Subjects.LoginFailuresReserve)
  async reserve(@Payload(new SchemaPipe(ReserveLoginFailuresRequest)) request: ReserveLoginFailuresRequest): Promise<ReserveLoginFailuresResponse> {
    return { reservation: await this.store.reserve(request.keys, request.windowSeconds) };
  }

  @MessagePattern(Subjects.LoginFailuresRelease)
  async release(@Payload(new SchemaPipe(ReleaseLoginFailuresRequest)) request: ReleaseLoginFailuresRequest): Promise<ReleaseLoginFailuresResponse> {
    await this.store.release(request.reservations);
    return { ok: true };
  }
}
