import { busSettings, etcdSettings, optionalString, rootAndSealingSettings, stsDurationOverride, type Env } from '#nest-common';

/** The verifier's one reader of the environment. */
export function loadConfig(env: Env = process.env) {
  return {
    ...busSettings(env),
    etcd: etcdSettings(env),
    ...rootAndSealingSettings(env),
    region: optionalString(env, 'MINIO_REGION'),
    durationOverrideSeconds: stsDurationOverride(env),
  };
}
export type VerifierConfig = ReturnType<typeof loadConfig>;
export const VERIFIER_CONFIG = Symbol('VERIFIER_CONFIG');
