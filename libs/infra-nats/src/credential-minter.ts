import { Events, Subjects, type IssueCredentialRequest, type VerifiedCredentials } from '#contracts';
import type { CredentialMinter } from '#domain';
import { ANSWERED_ELSEWHERE, type AnsweredElsewhere } from './answered-elsewhere.js';
import type { StsClient } from './sts-client.js';

/** How every verifier asks the issuer to mint: `sts.credentials.issue`, with the client's deadline. */
export function natsCredentialMinter(client: StsClient): CredentialMinter {
  return { issue: (request) => client.request(Subjects.CredentialsIssue, request) };
}

/**
 * How long an answer from the issuer counts as proof that one listens. nats-server reports "no
 * responders" only to the publisher's own inbox, so a request handed on to nobody would leave the
 * gateway waiting out its deadline instead of hearing ServiceUnavailable at once.
 */
export const ISSUER_PRESENCE_MS = 1000;

/**
 * Once the proof is this old, one request goes the ordinary way to renew it while the others are
 * still handed on, so a renewal that takes up to three quarters of the window does not interrupt the
 * hand-on; before, every request of a whole round trip was relayed at each renewal (measured:
 * 10-18 % of AssumeRole requests relayed under load).
 */
export const ISSUER_RENEW_AFTER_MS = ISSUER_PRESENCE_MS / 4;

/**
 * With `directReply` (`STS_ISSUER_DIRECT_REPLY`), hands issue requests on with the gateway's reply
 * subject, so the issuer answers the gateway directly: one message less per credential, and the
 * verifier never sees the secret (on by default; the verifier's NATS user answers without
 * allow_responses, see handsOn in the trust table, else nats-server 2.9 pays for every request
 * handed on: docs/performance.md). It does so only while an issuer answered here within
 * ISSUER_PRESENCE_MS and no replica announced leaving since; otherwise the request goes the
 * ordinary way (its answer or error comes back here and is returned), which renews the proof
 * (ISSUER_RENEW_AFTER_MS). A replica killed without leaving strands at most the requests handed on
 * within that window: they end with the gateway's deadline, as requests in flight did.
 */
export class IssueForwarder {
  private answeredAt = Number.NEGATIVE_INFINITY;
  /** Requests asked the ordinary way and not answered yet. */
  private asking = 0;

  constructor(private readonly client: StsClient, private readonly directReply: boolean, private readonly now: () => number = Date.now) {
    // Relaying needs no news of issuers leaving: the answer, or the error, comes back here.
    if (directReply) client.subscribe(Events.IssuerLeaving, () => this.forgetIssuer());
  }

  /** `replyTo` is the caller's reply subject; without one the answer comes back here. */
  async issue(request: IssueCredentialRequest, replyTo: string | undefined): Promise<VerifiedCredentials | AnsweredElsewhere> {
    if (this.directReply && replyTo !== undefined && this.issuerPresent()) {
      await this.client.handOn(Subjects.CredentialsIssue, request, replyTo);
      return ANSWERED_ELSEWHERE;
    }
    this.asking++;
    try {
      const issued = await this.client.request(Subjects.CredentialsIssue, request);
      this.answeredAt = this.now();
      return issued;
    } finally {
      this.asking--;
    }
  }

  /** An issuer answered within the presence window, and the proof is fresh or already being renewed. */
  private issuerPresent(): boolean {
    const age = this.now() - this.answeredAt;
    return age < ISSUER_PRESENCE_MS && (age < ISSUER_RENEW_AFTER_MS || this.asking > 0);
  }

  forgetIssuer(): void {
    this.answeredAt = Number.NEGATIVE_INFINITY;
  }
}
