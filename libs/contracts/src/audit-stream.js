// The JetStream stream that makes audit events durable: publishers wait for the stream's
// acknowledgement, and the audit-sink reads through its durable consumer and acknowledges after
// writing. The consumer keeps its state in memory (no state file rewritten on disk after every
// change); how far the sink has written survives a nats-server restart as one message in the
// position stream. Plain JavaScript so the launcher and the trust table read it without a build.
export const AUDIT_STREAM = /** @type {const} */ ({
  name: 'AUDIT',
  subject: 'sts.events.audit',
  consumer: 'audit-sink',
  positionStream: 'AUDIT_SINK',
  positionSubject: 'sts.audit-sink.position',
});
