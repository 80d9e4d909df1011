import { Injectable } from '@nestjs/common';
import { Events, type IssuedCredentialNotice } from '#contracts';
import { AnswerConnection, endOfEventLoopTurn, StsClient } from '#infra-nats';

/** The credentials of one etcd transaction at most (EtcdCredentialStore's batch): a message stays a few KiB. */
const MAX_NOTICES = 64;

/**
 * `sts.events.credentials.issued`, one message per event-loop turn instead of one per credential.
 * The credentials of one store transaction are answered in the same turn (their promises settle
 * together), so they leave in one message, published at the end of the turn on the connection that
 * carries the answers (AnswerConnection), in the same socket write as them; on the StsClient's
 * connection only when that one is not open.
 */
@Injectable()
export class IssuedEvents {
  private pending: IssuedCredentialNotice[] = [];

  constructor(private readonly events: StsClient, private readonly answers: AnswerConnection) {}

  add(notice: IssuedCredentialNotice): void {
    if (this.pending.push(notice) === 1) void endOfEventLoopTurn().then(() => this.flush());
    else if (this.pending.length >= MAX_NOTICES) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const credentials = this.pending;
    this.pending = [];
    if (!this.answers.emit(Events.CredentialsIssued, { credentials })) this.events.emit(Events.CredentialsIssued, { credentials });
  }
}
