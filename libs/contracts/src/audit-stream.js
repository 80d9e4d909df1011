// The JetStream stream that makes audit events durable: publishers wait for the stream's
// acknowledgement, and the audit-sink reads through its durable consumer and acknowledges after
// writing. Plain JavaScript so the launcher and the trust table read it without a build.
export const AUDIT_STREAM = /** @type {const} */ ({
  name: 'AUDIT',
  subject: 'sts.events.audit',
  consumer: 'audit-sink',
});
