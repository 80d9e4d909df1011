import { MessagePattern, Payload } from '@nestjs/microservices';
import { AdminSubjects as S, Events, type AdminRequest as Req, type AdminResponse as Res } from '#contracts';
import { CredentialAdmin, KeyringAdmin } from '#domain';
import { StsClient } from '#infra-nats';
import { AdminHandlers } from './admin-handlers.js';
import { adminPipe } from './admin-pipe.js';
import { flushEventsOfSavedChange } from './saved-change-events.js';

/** Events carry at most this many access keys, to keep each NATS message small. */
const KEYS_PER_EVENT = 500;

@AdminHandlers()
export class RevocationHandler {
  constructor(
    private readonly credentials: CredentialAdmin,
    private readonly keyring: KeyringAdmin,
    private readonly events: StsClient,
  ) {}

  /** Deleted first, then announced: a gateway that misses the event still finds nothing on lookup. */
  @MessagePattern(S.CredentialsRevoke)
  async revokeCredentials(@Payload(adminPipe(S.CredentialsRevoke)) r: Req<typeof S.CredentialsRevoke>): Promise<Res<typeof S.CredentialsRevoke>> {
    const revoked = await this.credentials.revoke(r.selector);
    for (let i = 0; i < revoked.length; i += KEYS_PER_EVENT) {
      this.events.emit(Events.CredentialsRevoked, { accessKeys: revoked.slice(i, i + KEYS_PER_EVENT) });
    }
    await flushEventsOfSavedChange(this.events, S.CredentialsRevoke);
    return { revoked: revoked.length };
  }

  @MessagePattern(S.KeysRotate)
  async rotate(@Payload(adminPipe(S.KeysRotate)) r: Req<typeof S.KeysRotate>): Promise<Res<typeof S.KeysRotate>> {
    const view = await this.keyring.rotate();
    this.events.emit(Events.KeyringChanged, { active: view.active });
    return view;
  }

  @MessagePattern(S.KeysList)
  async list(@Payload(adminPipe(S.KeysList)) r: Req<typeof S.KeysList>): Promise<Res<typeof S.KeysList>> {
    return this.keyring.view();
  }
}
