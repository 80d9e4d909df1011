import { describe, expect, it } from '@jest/globals';
import { CredentialsIssuedEvent, Events, type IssuedCredentialNotice } from '#contracts';
import { AnswerConnection, type StsClient } from '#infra-nats';
import type { NatsConnection } from '@nats-io/transport-node';
import { IssuedEvents } from './issued-events.js';

const notice = (n: number): IssuedCredentialNotice => ({ requestId: `r${n}`, accessKey: `AK${n}`, parent: 'alice', provider: 'builtin', expiresAt: 1_000 + n });
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function recording(answers = new AnswerConnection()) {
  const sent: Array<[string, unknown]> = [];
  const client = { emit: (event: string, payload: unknown) => sent.push([event, payload]) } as unknown as StsClient;
  return { sent, events: new IssuedEvents(client, answers) };
}

/** Publishes queue a socket write in a microtask, as nats-core's sendCommand does: `writes` holds what each write carried. */
function answerConnection(state: { draining?: boolean } = {}) {
  const writes: string[][] = [];
  let buffered: string[] = [];
  const connection = {
    isClosed: () => false,
    isDraining: () => state.draining === true,
    publish: (subject: string, data: string) => {
      if (buffered.push(`${subject} ${data}`) === 1) queueMicrotask(() => writes.push(buffered.splice(0)));
    },
  } as unknown as NatsConnection;
  const answers = new AnswerConnection();
  answers.attach(connection);
  return { answers, connection, writes };
}

describe(IssuedEvents.name, () => {
  it('sends the credentials answered in one turn as one valid message, after the turn', async () => {
    const { sent, events } = recording();
    // As a store transaction settles its callers: in one microtask drain.
    await Promise.all([1, 2, 3].map(async (n) => events.add(notice(n))));
    expect(sent).toHaveLength(0);
    await nextTurn();
    expect(sent).toEqual([[Events.CredentialsIssued, { credentials: [notice(1), notice(2), notice(3)] }]]);
    expect(CredentialsIssuedEvent.safeParse(sent[0][1]).success).toBe(true);
  });

  it('starts a new message in the next turn', async () => {
    const { sent, events } = recording();
    events.add(notice(1));
    await nextTurn();
    events.add(notice(2));
    await nextTurn();
    expect(sent.map(([, payload]) => payload)).toEqual([{ credentials: [notice(1)] }, { credentials: [notice(2)] }]);
  });

  it('keeps a message to 64 credentials', async () => {
    const { sent, events } = recording();
    for (let n = 0; n < 130; n++) events.add(notice(n));
    await nextTurn();
    expect(sent.map(([, payload]) => (payload as CredentialsIssuedEvent).credentials.length)).toEqual([64, 64, 2]);
  });

  it('sends the message on the answer connection, in the same socket write as the answers settled with it', async () => {
    const { answers, connection, writes } = answerConnection();
    const { sent, events } = recording(answers);
    // As the issue handler does: the notice is added, then the answer waits for afterAnswers (DrainingNatsServer).
    const answered = [1, 2].map(async (n) => {
      events.add(notice(n));
      await answers.afterAnswers();
      connection.publish('_INBOX.api-gateway.x', `answer ${n}`);
    });
    await Promise.all(answered);
    await nextTurn();
    expect(sent).toHaveLength(0);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toEqual([
      `${Events.CredentialsIssued} ${JSON.stringify({ pattern: Events.CredentialsIssued, data: { credentials: [notice(1), notice(2)] } })}`,
      '_INBOX.api-gateway.x answer 1',
      '_INBOX.api-gateway.x answer 2',
    ]);
  });

  it('falls back to its client when the answer connection is draining', async () => {
    const { answers, writes } = answerConnection({ draining: true });
    const { sent, events } = recording(answers);
    events.add(notice(1));
    await nextTurn();
    expect(writes).toHaveLength(0);
    expect(sent).toEqual([[Events.CredentialsIssued, { credentials: [notice(1)] }]]);
  });
});
