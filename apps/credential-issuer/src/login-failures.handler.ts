import { Controller, Inject } from '@nestjs/common';
import {
  ReleaseLoginFailuresRequest, ReserveLoginFailuresRequest, Subjects, type ReleaseLoginFailuresResponse, type ReserveLoginFailuresResponse,
} from '#contracts';
import { ETCD, EtcdLoginFailureStore, type EtcdConnection } from '#infra-etcd';
import { DirectRequest } from '#infra-nats';

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

  @DirectRequest(Subjects.LoginFailuresReserve, ReserveLoginFailuresRequest)
  async reserve(request: ReserveLoginFailuresRequest): Promise<ReserveLoginFailuresResponse> {
    return { reservation: await this.store.reserve(request.keys, request.windowSeconds) };
  }

  @DirectRequest(Subjects.LoginFailuresRelease, ReleaseLoginFailuresRequest)
  async release(request: ReleaseLoginFailuresRequest): Promise<ReleaseLoginFailuresResponse> {
    await this.store.release(request.reservations);
    return { ok: true };
  }
}
