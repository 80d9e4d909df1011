import { describe, expect, it } from '@jest/globals';
import { CredentialsIssuedEvent, Events, type IssuedCredentialNotice } from '#contracts';
import type { StsClient } from '#infra-nats';
import { IssuedEvents } from './issued-events.js';

const notice = (n: number): IssuedCredentialNotice => ({ requestId: `r${n}`, accessKey: `AK${n}`, parent: 'alice', provider: 'builtin', expiresAt: 1_000 + n });
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function recording() {
  const sent: Array<[string, unknown]> = [];
  const client = { emit: (event: string, payload: unknown) => sent.push([event, payload]) } as unknown as StsClient;
  return { sent, events: new IssuedEvents(client) };
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
});
