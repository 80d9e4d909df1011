import { Injectable } from '@nestjs/common';
import { Events, type IssuedCredentialNotice } from '#contracts';
import { AnswerConnection, StsClient } from '#infra-nats';

/** The credentials of one etcd transaction at most (EtcdCredentialStore's batch): a message stays a few KiB. */
const MAX_NOTICES = 64;

/**
 * `sts.events.credentials.issued`, one message per store transaction instead of one per credential.
 * The credentials of one transaction are answered in the same callback (their promises settle
 * together), so they leave in one message, published when the answers leave (AnswerConnection's
 * afterAnswers) on the connection that carries them, in the same socket write; on the StsClient's
 * connection only when that one is not open.
 */
@Injectable()
export class IssuedEvents {
  private pending: IssuedCredentialNotice[] = [];

  constructor(private readonly events: StsClient, private readonly answers: AnswerConnection) {}

  add(notice: IssuedCredentialNotice): void {
    if (this.pending.push(notice) === 1) void this.answers.afterAnswers().then(() => this.flush());
    else if (this.pending.length >= MAX_NOTICES) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const credentials = this.pending;
    this.pending = [];
    if (!this.answers.emit(Events.CredentialsIssued, { credentials })) this.events.emit(Events.CredentialsIssued, { credentials });
  }
}
