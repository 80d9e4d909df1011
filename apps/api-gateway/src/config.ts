import { busSettings, etcdSettings, openIdConfigured, optionalString, positiveInt, type Env } from '#nest-common';
import type { ConfiguredIdentity } from '#contracts';
import { s3Settings } from './s3/s3-config.js';

/** The gateway's one reader of the environment. Its only keys are the S3 backend's. */
export function loadConfig(env: Env = process.env) {
  return {
    ...busSettings(env),
    port: positiveInt(env, 'STS_PORT', 9000, 65535),
    host: optionalString(env, 'STS_HOST') ?? '0.0.0.0',
    region: optionalString(env, 'MINIO_REGION'),
    /** STS parameters are small (a web identity token is ≤ 20 000 characters); 1 MiB is generous. */
    maxBodyBytes: positiveInt(env, 'STS_MAX_BODY_BYTES', 1024 * 1024, 10 * 1024 * 1024),
    /** Optional, read-only: a watch that backs up revocation events, only when endpoints are given. */
    etcd: withEtcd(env),
    /** Identity kinds this deployment configures: their verifiers become required for readiness. */
    configuredIdentities: configuredIdentities(env),
    /** The S3 API on the same port: the backend it fronts and the virtual-host domains. */
    s3: s3Settings(env),
  };
}
export type GatewayConfig = ReturnType<typeof loadConfig>;
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

function withEtcd(env: Env) {
  const settings = etcdSettings(env);
  return optionalString(env, 'MINIO_ETCD_ENDPOINTS') === undefined ? undefined : settings;
}

function configuredIdentities(env: Env): ConfiguredIdentity[] {
  return openIdConfigured(env) ? ['openid'] : [];
}
