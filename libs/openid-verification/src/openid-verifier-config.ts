import { busSettings, etcdSettings, openIdPoolSettings, optionalString, stsDurationOverride, type Env } from '#nest-common';

/**
 * What both token verifiers read: MinIO's `MINIO_IDENTITY_OPENID_*` providers (with `_<NAME>`
 * suffixes) and our `STS_OIDC_*` knobs. No provider is a valid setup: then every request gets
 * MinIO's "dummy-internal does not exist" answer.
 */
export function loadOpenIdVerifierConfig(env: Env) {
  const region = optionalString(env, 'MINIO_REGION');
  return {
    ...busSettings(env),
    etcd: etcdSettings(env),
    durationOverrideSeconds: stsDurationOverride(env),
    openId: openIdPoolSettings(env, region),
  };
}
