import { parseGoDurationSeconds } from '#domain';
import { busSettings, ConfigError, etcdSettings, optionalString, rootAndSealingSettings, type Env } from '#nest-common';

/** The verifier's one reader of the environment. */
export function loadConfig(env: Env = process.env) {
  return {
    ...busSettings(env),
    etcd: etcdSettings(env),
    ...rootAndSealingSettings(env),
    region: optionalString(env, 'MINIO_REGION'),
    durationOverrideSeconds: stsDuration(env, 'MINIO_STS_DURATION'),
  };
}
export type VerifierConfig = ReturnType<typeof loadConfig>;
export const VERIFIER_CONFIG = Symbol('VERIFIER_CONFIG');

/** MinIO silently falls back to 1 h on a bad value; a typo here should stop the app instead. */
function stsDuration(env: Env, name: string): number | undefined {
  const raw = optionalString(env, name);
  if (raw === undefined) return undefined;
  try {
    return parseGoDurationSeconds(raw);
  } catch (error) {
    throw new ConfigError(name, (error as Error).message);
  }
}
