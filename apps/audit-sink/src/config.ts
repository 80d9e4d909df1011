import { accessSync, constants, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { busSettings, ConfigError, optionalString, positiveInt, type Env } from '#nest-common';

/** The audit sink's one reader of the environment. */
export function loadConfig(env: Env = process.env) {
  return {
    ...busSettings(env),
    /** `stdout` (default) or a file path; lines are appended as JSON. */
    output: auditOutput(env, 'STS_AUDIT_OUTPUT'),
    /** How often the sink takes what the audit stream holds (README "Audit"): events are written this much later at most. */
    pullIntervalMs: positiveInt(env, 'STS_AUDIT_PULL_INTERVAL_MS', 1000, 60_000),
    /** Retention of the JetStream audit stream, which the sink creates (file storage). */
    stream: {
      maxAgeHours: positiveInt(env, 'STS_AUDIT_STREAM_MAX_AGE_HOURS', 30 * 24, 10 * 365 * 24),
      maxBytes: positiveInt(env, 'STS_AUDIT_STREAM_MAX_BYTES', 1024 ** 3, Number.MAX_SAFE_INTEGER),
      /** Copies on a clustered JetStream (at most 5; 3 on a 3-node cluster survives the loss of a node). */
      replicas: positiveInt(env, 'STS_AUDIT_STREAM_REPLICAS', 1, 5),
    },
  };
}

/** A file that cannot be written stops the sink at boot, naming the variable, not at the first event. */
function auditOutput(env: Env, name: string): string {
  const output = optionalString(env, name) ?? 'stdout';
  if (output === 'stdout') return output;
  try {
    accessSync(existsSync(output) ? output : dirname(output), constants.W_OK);
  } catch {
    throw new ConfigError(name, `cannot write to ${output}`);
  }
  return output;
}
export type AuditSinkConfig = ReturnType<typeof loadConfig>;
export const AUDIT_SINK_CONFIG = Symbol('AUDIT_SINK_CONFIG');
