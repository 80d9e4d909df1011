import { describe, expect, it } from '@jest/globals';
import { AuditBatchLimit, AuditFieldLimits, StsError } from '#contracts';
import { AuditPublisher, type AuditRecord } from './audit-publisher.js';
import type { StsClient } from './sts-client.js';
import { endOfEventLoopTurn } from './write-coalescing.js';

const record: AuditRecord = { time: '2026-01-01T00:00:00Z', requestId: 'r1', action: 'X'.repeat(1_000_000), outcome: 'issued', policies: Array.from({ length: 500 }, (_, i) => `p${i}`) };

const event = (requestId: string): AuditRecord => ({ time: '2026-01-01T00:00:00Z', requestId, action: 'AssumeRole', outcome: 'issued' });

function client(behaviour: 'accepts' | 'unavailable') {
  const published: Array<{ payload: unknown; msgID: string }> = [];
  const fake = {
    publishDurably: async (_event: string, payload: unknown, msgID: string) => {
      if (behaviour === 'unavailable') throw new Error('jetstream is not enabled');
      published.push({ payload, msgID });
    },
  } as unknown as StsClient;
  return { fake, published };
}

describe('AuditPublisher', () => {
  it('publishes a capped event whose message id is the event id', async () => {
    const { fake, published } = client('accepts');
    await new AuditPublisher(fake, { deadlineMs: 100, failOpen: false }).record(record);
    const [{ payload, msgID }] = published as Array<{ payload: { id: string; action: string; policies: string[] }; msgID: string }>;
    expect(payload.id).toBe(msgID);
    expect(payload.action.length).toBe(AuditFieldLimits.string);
    expect(payload.policies).toHaveLength(AuditFieldLimits.listItems);
  });

  it('refuses with ServiceUnavailable when the stream cannot take the event (fail closed)', async () => {
    const { fake } = client('unavailable');
    const failure = new AuditPublisher(fake, { deadlineMs: 100, failOpen: false }).record(record);
    await expect(failure).rejects.toBeInstanceOf(StsError);
    await expect(failure).rejects.toMatchObject({ code: 'ServiceUnavailable' });
  });

  it('carries on when STS_AUDIT_FAIL_OPEN is set', async () => {
    const { fake } = client('unavailable');
    await expect(new AuditPublisher(fake, { deadlineMs: 100, failOpen: true }).record(record)).resolves.toBeUndefined();
  });

  it('never throws for a best-effort record', async () => {
    const { fake } = client('unavailable');
    await expect(new AuditPublisher(fake, { deadlineMs: 100, failOpen: false }).recordBestEffort(record)).resolves.toBeUndefined();
  });
});

describe('AuditPublisher batching', () => {
  it('sends the events recorded in one turn as one message under a message id of its own', async () => {
    const { fake, published } = client('accepts');
    const audit = new AuditPublisher(fake, { deadlineMs: 100, failOpen: false });
    await Promise.all(['a', 'b', 'c'].map((id) => audit.record(event(id))));
    expect(published).toHaveLength(1);
    const [{ payload, msgID }] = published as Array<{ payload: { events: Array<{ id: string; requestId: string }> }; msgID: string }>;
    expect(payload.events.map((e) => e.requestId)).toEqual(['a', 'b', 'c']);
    expect(new Set([msgID, ...payload.events.map((e) => e.id)]).size).toBe(4);
  });

  it(`splits a turn's events into messages of at most ${AuditBatchLimit}`, async () => {
    const { fake, published } = client('accepts');
    const audit = new AuditPublisher(fake, { deadlineMs: 100, failOpen: false });
    await Promise.all(Array.from({ length: AuditBatchLimit + 1 }, (_, i) => audit.record(event(`r${i}`))));
    expect(published.map(({ payload }) => ('events' in (payload as object) ? (payload as { events: unknown[] }).events.length : 1))).toEqual([AuditBatchLimit, 1]);
  });

  it('refuses every issuance of a batch the stream did not take (fail closed), and records the next turn afresh', async () => {
    let accept = false;
    const published: unknown[] = [];
    const fake = { publishDurably: async (_e: string, payload: unknown) => { if (!accept) throw new Error('no stream'); published.push(payload); } } as unknown as StsClient;
    const audit = new AuditPublisher(fake, { deadlineMs: 100, failOpen: false });
    const refused = await Promise.allSettled(['a', 'b'].map((id) => audit.record(event(id))));
    expect(refused.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    accept = true;
    await expect(audit.record(event('c'))).resolves.toBeUndefined();
    expect(published).toEqual([expect.objectContaining({ requestId: 'c' })]);
  });
});

describe('AuditPublisher and the socket writes of its turn', () => {
  /** Like nats.js: what is published before the microtask queued by the first publish runs leaves in one write. */
  function bus() {
    const writes: string[][] = [];
    let outbound: string[] = [];
    const publish = (what: string) => {
      if (outbound.push(what) === 1) queueMicrotask(() => { writes.push(outbound); outbound = []; });
    };
    return { writes, publish };
  }

  it('hands its batch to the bus together with the requests of the same turn, for one socket write', async () => {
    const { writes, publish } = bus();
    const fake = { publishDurably: async () => publish('audit batch') } as unknown as StsClient;
    const audit = new AuditPublisher(fake, { deadlineMs: 100, failOpen: false });
    // A verify request goes out as StsClient.request sends it: at the end of the turn.
    const request = endOfEventLoopTurn().then(() => publish('verify request'));
    await Promise.all([audit.record(event('a')), request]);
    expect(writes).toEqual([['verify request', 'audit batch']]);
  });
});

