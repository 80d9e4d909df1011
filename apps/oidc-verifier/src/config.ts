import { busSettings, etcdSettings, openIdPoolSettings, optionalString, stsDurationOverride, type Env } from '#nest-common';

/**
 * The verifier's one reader of the environment: MinIO's `MINIO_IDENTITY_OPENID_*` providers (with
 * `_<NAME>` suffixes) and our `STS_OIDC_*` knobs. No provider is a valid setup: then every request
 * gets MinIO's "dummy-internal does not exist" answer.
 */
export function loadConfig(env: Env = process.env) {
  const region = optionalString(env, 'MINIO_REGION');
  return {
    ...busSettings(env),
    etcd: etcdSettings(env),
    durationOverrideSeconds: stsDurationOverride(env),
    openId: openIdPoolSettings(env, region),
  };
}
export type OidcVerifierConfig = ReturnType<typeof loadConfig>;
