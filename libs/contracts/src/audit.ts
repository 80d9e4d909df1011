import { z } from 'zod';

/**
 * One line of the audit trail: every issuance and every refusal, and every admin operation (who,
 * from where, which operation on which target, with what outcome). By construction it has no field
 * for a password, secret key, session token or identity token.
 */
export const AuditEvent = z.object({
  /** Unique per event: the audit stream and the sink drop a second copy of the same id. */
  id: z.string(),
  time: z.string(),
  requestId: z.string(),
  /** The STS `Action`, or `admin:<resource>.<verb>` for an admin operation. */
  action: z.string(),
  /**
   * STS calls: issued | refused. Admin operations: refused (not authorized), attempted (authorized;
   * recorded before any change is made), succeeded | failed (after it ran); `changed`: an admin
   * change worth its own line (a user's secret replaced).
   */
  outcome: z.enum(['issued', 'refused', 'attempted', 'succeeded', 'failed', 'changed']),
  errorCode: z.string().optional(),
  /** The caller as it named itself (access key, LDAP username), before any proof. */
  claimedIdentity: z.string().optional(),
  /** What an admin operation acts on: a user, group, policy, mapping target or revocation selector. */
  target: z.string().optional(),
  provider: z.string().optional(),
  parent: z.string().optional(),
  subject: z.string().optional(),
  policies: z.array(z.string()).optional(),
  accessKey: z.string().optional(),
  expiration: z.string().optional(),
  sourceIp: z.string().optional(),
  userAgent: z.string().optional(),
  /** S3 refusals are coalesced: how many alike (code, claimed key, address, method) this line stands for. */
  count: z.number().int().positive().optional(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

/**
 * Events recorded in the same event-loop turn travel as one stream message (one publish, one
 * acknowledgement, one delivery to the sink). At most AuditBatchLimit events: every event is capped
 * (about 13 KB at worst), so a batch stays under NATS's default 1 MB payload.
 */
export const AuditBatchLimit = 64;
export const AuditBatch = z.object({ events: z.array(z.unknown()).min(1).max(AuditBatchLimit) });
export type AuditBatch = { events: AuditEvent[] };

/** What one audit stream message carries: a single event (as older publishers sent) or a batch. */
export type AuditMessage = AuditEvent | AuditBatch;

/**
 * The events of one stream message, each checked on its own so that one bad event does not drop
 * the good ones beside it: `rejected` counts those that are not audit events.
 */
export function auditEventsOf(data: unknown): { events: AuditEvent[]; rejected: number } {
  const batch = AuditBatch.safeParse(data);
  const candidates = batch.success ? batch.data.events : [data];
  const events = candidates.flatMap((candidate) => {
    const parsed = AuditEvent.safeParse(candidate);
    return parsed.success ? [parsed.data] : [];
  });
  return { events, rejected: candidates.length - events.length };
}

/** No request can inflate an audit line: strings and lists are cut to these sizes (a `…` marks a cut). */
export const AuditFieldLimits = { string: 256, listItems: 32 } as const;

function capString(value: string): string {
  return value.length > AuditFieldLimits.string ? `${value.slice(0, AuditFieldLimits.string - 1)}…` : value;
}

/** The event with every field within AuditFieldLimits; publishers and the sink both apply it. */
export function capAuditEvent(event: AuditEvent): AuditEvent {
  const capped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(event)) {
    if (typeof value === 'string') capped[name] = capString(value);
    else if (Array.isArray(value)) capped[name] = value.slice(0, AuditFieldLimits.listItems).map((item) => capString(String(item)));
    else if (value !== undefined) capped[name] = value;
  }
  return capped as AuditEvent;
}
