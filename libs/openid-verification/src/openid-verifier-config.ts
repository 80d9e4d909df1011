import type { OpenIdPoolSettings } from '#infra-jwks';
import { busSettings, ConfigError, etcdSettings, openIdProviders, optionalString, positiveInt, stsDurationOverride, type Env } from '#nest-common';

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

function nonNegativeInt(env: Env, name: string, fallback: number, max: number): number {
  const raw = optionalString(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) throw new ConfigError(name, `must be an integer from 0 to ${max}, got "${raw}"`);
  return value;
}

/** The providers plus our `STS_OIDC_*` knobs for talking to them and judging tokens. */
export function openIdPoolSettings(env: Env, region: string | undefined): OpenIdPoolSettings {
  return {
    providers: openIdProviders(env, region),
    client: {
      timeoutMs: positiveInt(env, 'STS_OIDC_TIMEOUT_MS', 2000, 60_000),
      refetchIntervalMs: nonNegativeInt(env, 'STS_OIDC_REFETCH_INTERVAL_MS', 10_000, 3_600_000),
      refreshIntervalMs: positiveInt(env, 'STS_OIDC_JWKS_REFRESH_SECONDS', 900, 86_400) * 1000,
    },
    rules: {
      clockSkewSeconds: nonNegativeInt(env, 'STS_OIDC_CLOCK_SKEW_SECONDS', 60, 600),
      maxTokenBytes: positiveInt(env, 'STS_OIDC_MAX_TOKEN_BYTES', 16_384, 20_000),
    },
  };
}
