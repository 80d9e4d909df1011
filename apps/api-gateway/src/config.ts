import { logLevel, optionalString, positiveInt, urlList, type Env } from '#nest-common';

export function loadGatewayConfig(env: Env = process.env) {
  return {
    natsServers: urlList(env, 'NATS_URL', 'nats://127.0.0.1:4222'),
    natsTimeoutMs: positiveInt(env, 'STS_NATS_TIMEOUT_MS', 5000, 120_000),
    logLevel: logLevel(env, 'STS_LOG_LEVEL'),
    port: positiveInt(env, 'STS_PORT', 9000, 65535),
    host: optionalString(env, 'STS_HOST') ?? '0.0.0.0',
    region: optionalString(env, 'MINIO_REGION'),
    /** STS parameters are small (a web identity token is ≤ 20 000 characters); 1 MiB is generous. */
    maxBodyBytes: positiveInt(env, 'STS_MAX_BODY_BYTES', 1024 * 1024, 10 * 1024 * 1024),
  };
}
export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
