import { busSettings, optionalString, type Env } from '#nest-common';

/** The audit sink's one reader of the environment. */
export function loadConfig(env: Env = process.env) {
  return {
    ...busSettings(env),
    /** `stdout` (default) or a file path; lines are appended as JSON. */
    output: optionalString(env, 'STS_AUDIT_OUTPUT') ?? 'stdout',
  };
}
export type AuditSinkConfig = ReturnType<typeof loadConfig>;
export const AUDIT_SINK_CONFIG = Symbol('AUDIT_SINK_CONFIG');
