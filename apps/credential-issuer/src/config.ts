import { auditSettings, auditWarnings, busSettings, etcdSettings, optionalString, rootAndSealingSettings, type Env } from '#nest-common';

/** The issuer's one reader of the environment. */
export function loadConfig(env: Env = process.env) {
  return {
    ...busSettings(env),
    etcd: etcdSettings(env),
    ...rootAndSealingSettings(env),
    region: optionalString(env, 'MINIO_REGION'),
    ...auditSettings(env),
  };
}
export type IssuerConfig = ReturnType<typeof loadConfig>;
export const ISSUER_CONFIG = Symbol('ISSUER_CONFIG');

export function issuerWarnings(config: IssuerConfig): string[] {
  const warnings: string[] = auditWarnings(config);
  if (config.kms.derived) {
    warnings.push('MINIO_KMS_SECRET_KEY is not set: secrets at rest are sealed with a key derived from MINIO_ROOT_PASSWORD (scrypt, salt in etcd); changing that password will make stored users and the keyring unreadable.');
  }
  if (config.root.isDefault) warnings.push('WARNING: the default root credentials minioadmin/minioadmin are in use; set MINIO_ROOT_USER and MINIO_ROOT_PASSWORD.');
  return warnings;
}
