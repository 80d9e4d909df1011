import type { Logger } from '@nestjs/common';
import type { Msg } from '@nats-io/transport-node';
import type { AnswerConnection } from './answer-connection.js';
import { endOfEventLoopTurn } from './write-coalescing.js';

/** Every requester's replies come to its `_INBOX.<app>` prefix (nats-security.ts); nothing else is a reply subject. */
const REPLY_PREFIX = '_INBOX.';

export const isInbox = (reply: string | undefined): boolean => reply !== undefined && reply.startsWith(REPLY_PREFIX);

/**
 * The requests a server took and has not answered yet, so that a replica leaving waits for them
 * (DrainingNatsServer.close), and when answers leave: with `answers`, at the end of the callback
 * that settled them (AnswerConnection.afterAnswers); without, at the end of the event-loop turn.
 */
export class AnswerAccounting {
  private unanswered = 0;
  private allAnswered?: () => void;

  constructor(private readonly log: Logger, private readonly answers?: AnswerConnection) {}

  /**
   * Whether a request gets an answer; if so it counts until answered(). A reply subject outside
   * `_INBOX.` gets none: a caller must not turn this service's answer into a message on a subject
   * of its choosing (an event, the audit stream).
   */
  taking(natsMsg: Msg): boolean {
    if (!isInbox(natsMsg.reply)) {
      if (natsMsg.reply) this.log.warn(`not answering a request whose reply subject is not an inbox: ${natsMsg.reply.slice(0, 64)}`);
      return false;
    }
    this.unanswered++;
    return true;
  }

  answered(): void {
    this.unanswered = Math.max(0, this.unanswered - 1);
    if (this.unanswered === 0) this.allAnswered?.();
  }

  /** Resolves when answers settled now may leave, together in one socket write. */
  leave(): Promise<void> {
    return this.answers ? this.answers.afterAnswers() : endOfEventLoopTurn();
  }

  /** Resolves once every request taken is answered. */
  async settled(): Promise<void> {
    if (this.unanswered > 0) await new Promise<void>((resolve) => (this.allAnswered = resolve));
  }
}
