import { describe, expect, it } from '@jest/globals';
import { AuditFieldLimits, StsError } from '#contracts';
import { AuditPublisher, type AuditRecord } from './audit-publisher.js';
import type { StsClient } from './sts-client.js';

const record: AuditRecord = { time: '2026-01-01T00:00:00Z', requestId: 'r1', action: 'X'.repeat(1_000_000), outcome: 'issued', policies: Array.from({ length: 500 }, (_, i) => `p${i}`) };

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
