import { parseGoDurationSeconds } from '#domain';
import { ConfigError, logLevel, masterKey, optionalString, positiveInt, rootCredentials, urlList, type Env } from '#nest-common';

export function loadVerifierConfig(env: Env = process.env) {
  const root = rootCredentials(env, 'MINIO_ROOT_USER', 'MINIO_ROOT_PASSWORD');
  return {
    natsServers: urlList(env, 'NATS_URL', 'nats://127.0.0.1:4222'),
    natsTimeoutMs: positiveInt(env, 'STS_NATS_TIMEOUT_MS', 5000, 120_000),
    logLevel: logLevel(env, 'STS_LOG_LEVEL'),
    etcd: {
      endpoints: urlList(env, 'MINIO_ETCD_ENDPOINTS', 'http://127.0.0.1:2379'),
      prefix: optionalString(env, 'MINIO_ETCD_PATH_PREFIX') ?? '',
      timeoutMs: positiveInt(env, 'STS_ETCD_TIMEOUT_MS', 2000, 60_000),
    },
    root,
    region: optionalString(env, 'MINIO_REGION'),
    durationOverrideSeconds: stsDuration(env, 'MINIO_STS_DURATION'),
    kms: masterKey(env, 'MINIO_KMS_SECRET_KEY', root.secretKey),
  };
}
export type VerifierConfig = ReturnType<typeof loadVerifierConfig>;
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
