import { isIP } from 'node:net';
import { auditSettings, auditWarnings, busSettings, ConfigError, DEFAULT_KEEP_ALIVE_TIMEOUT_MS, etcdSettings, HTTP_DRAIN_DEADLINE_MS, NODE_KEEP_ALIVE_BUFFER_MS, openIdConfigured, optionalString, positiveInt, type Env } from '#nest-common';
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
    /**
     * Slow clients: the request line and headers, the whole STS/admin/health request (body included),
     * an S3 request that stops sending or reading (S3's own rule: objects may take hours, a silent
     * socket may not), and an idle keep-alive connection each have a deadline.
     */
    http: {
      headersTimeoutMs: positiveInt(env, 'STS_HTTP_HEADERS_TIMEOUT_MS', 10_000, 600_000),
      requestTimeoutMs: positiveInt(env, 'STS_HTTP_REQUEST_TIMEOUT_MS', 30_000, 3_600_000),
      s3IdleTimeoutMs: positiveInt(env, 'STS_HTTP_S3_IDLE_TIMEOUT_MS', 20_000, 600_000),
      keepAliveTimeoutMs: positiveInt(env, 'STS_HTTP_KEEP_ALIVE_TIMEOUT_MS', DEFAULT_KEEP_ALIVE_TIMEOUT_MS, 600_000),
    },
    /** Peers whose X-Forwarded-For / X-Forwarded-Proto are believed; nobody's by default. */
    trustedProxies: trustedProxies(env),
    /** Optional, read-only: a watch that backs up revocation events, only when endpoints are given. */
    etcd: withEtcd(env),
    invalidation: invalidationPaths(env),
    /** Identity kinds this deployment configures: their verifiers become required for readiness. */
    configuredIdentities: configuredIdentities(env),
    ...auditSettings(env),
    /** The S3 API on the same port: the backend it fronts and the virtual-host domains. */
    s3: s3Settings(env),
    admin: {
      /** list-service-accounts for a client whose madmin version does not tell: access keys (madmin ≤ v2.1) or objects (v2.2+). */
      serviceAccountList: oneOf(env, 'STS_ADMIN_SERVICE_ACCOUNT_LIST', ['strings', 'objects'] as const, 'strings'),
    },
  };
}
export type GatewayConfig = ReturnType<typeof loadConfig>;
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

/** What the gateway logs at boot about settings that weaken a guarantee. */
export function gatewayWarnings(config: GatewayConfig): string[] {
  const warnings = auditWarnings(config);
  const idleClosedAfterMs = config.http.keepAliveTimeoutMs + NODE_KEEP_ALIVE_BUFFER_MS;
  if (idleClosedAfterMs > HTTP_DRAIN_DEADLINE_MS) {
    warnings.push(`STS_HTTP_KEEP_ALIVE_TIMEOUT_MS=${config.http.keepAliveTimeoutMs} outlasts the ${HTTP_DRAIN_DEADLINE_MS} ms drain at SIGTERM: a connection still idle then is cut, and a client sending on it at that moment gets a reset.`);
  }
  return warnings;
}

/** `STS_TRUSTED_PROXIES`: comma-separated addresses or CIDR ranges (`10.0.0.0/8`, `::1`). */
function trustedProxies(env: Env): string[] {
  const entries = (optionalString(env, 'STS_TRUSTED_PROXIES') ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const version = isIP(address);
    const validBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 6 ? 128 : 32));
    if (version === 0 || !validBits || extra !== undefined) throw new ConfigError('STS_TRUSTED_PROXIES', `"${entry}" is not an IP address or CIDR range`);
  }
  return entries;
}

function oneOf<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const value = optionalString(env, name) ?? fallback;
  if (!(values as readonly string[]).includes(value)) throw new ConfigError(name, `"${value}" is not one of ${values.join(', ')}`);
  return value as T;
}

function withEtcd(env: Env) {
  const settings = etcdSettings(env);
  return optionalString(env, 'MINIO_ETCD_ENDPOINTS') === undefined ? undefined : settings;
}

/**
 * TEST ONLY: `STS_TEST_INVALIDATION=events` runs the gateway without its etcd watches (as without
 * a store), `watch` ignores the revocation, user and access events, so an e2e test can prove that
 * each path alone narrows cached access. Unset (always, outside tests): both paths.
 */
function invalidationPaths(env: Env) {
  const only = optionalString(env, 'STS_TEST_INVALIDATION');
  if (only !== undefined && only !== 'events' && only !== 'watch') throw new ConfigError('STS_TEST_INVALIDATION', `"${only}" is not events or watch (test only)`);
  return { events: only !== 'watch', watches: only !== 'events' };
}

function configuredIdentities(env: Env): ConfiguredIdentity[] {
  return openIdConfigured(env) ? ['openid'] : [];
}
