import { logLevel, masterKey, optionalString, positiveInt, rootCredentials, urlList, type Env } from '#nest-common';

export function loadIssuerConfig(env: Env = process.env) {
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
    kms: masterKey(env, 'MINIO_KMS_SECRET_KEY', root.secretKey),
  };
}
export type IssuerConfig = ReturnType<typeof loadIssuerConfig>;

export function issuerWarnings(config: IssuerConfig): string[] {
  const warnings: string[] = [];
  if (config.kms.derived) {
    warnings.push('MINIO_KMS_SECRET_KEY is not set: secrets at rest are sealed with a key derived from MINIO_ROOT_PASSWORD; changing that password will make stored users and the keyring unreadable.');
  }
  if (config.root.isDefault) warnings.push('WARNING: the default root credentials minioadmin/minioadmin are in use; set MINIO_ROOT_USER and MINIO_ROOT_PASSWORD.');
  return warnings;
}

export const ISSUER_CONFIG = Symbol('ISSUER_CONFIG');
