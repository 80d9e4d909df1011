import { accessSync, constants, readFileSync } from 'node:fs';
import { parseKmsSecretKey, type MasterKey } from '#domain';

/** A bad setting stops the app at boot with a message that names the variable. */
export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
  }
}

export type Env = Record<string, string | undefined>;

export function optionalString(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

export function urlList(env: Env, name: string, fallback: string): string[] {
  const list = (optionalString(env, name) ?? fallback).split(',').map((s) => s.trim()).filter(Boolean);
  for (const entry of list) {
    if (!/^[a-z]+:\/\/[^\s/]+/.test(entry)) throw new ConfigError(name, `"${entry}" is not a URL such as nats://127.0.0.1:4222`);
  }
  return list;
}

export function positiveInt(env: Env, name: string, fallback: number, max = 86_400_000): number {
  const raw = optionalString(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new ConfigError(name, `must be an integer from 1 to ${max}, got "${raw}"`);
  return value;
}

export interface RootCredentialsConfig {
  accessKey: string;
  secretKey: string;
  isDefault: boolean;
}

/** MinIO's defaults and limits: root user ≥ 3 characters, password ≥ 8. */
export function rootCredentials(env: Env, userVar: string, passwordVar: string): RootCredentialsConfig {
  const accessKey = optionalString(env, userVar) ?? 'minioadmin';
  const secretKey = env[passwordVar] ?? 'minioadmin';
  if (accessKey.length < 3) throw new ConfigError(userVar, 'must be at least 3 characters');
  if (secretKey.length < 8) throw new ConfigError(passwordVar, 'must be at least 8 characters');
  return { accessKey, secretKey, isDefault: accessKey === 'minioadmin' && secretKey === 'minioadmin' };
}

/**
 * The configured key that seals secrets at rest; without one (`derived`), each app derives it from
 * the root password with the salt kept in etcd (see derivePasswordKey and sealerFor in infra-etcd).
 */
export function masterKey(env: Env, kmsVar: string): { key?: MasterKey; derived: boolean } {
  const raw = optionalString(env, kmsVar);
  if (raw === undefined) return { derived: true };
  try {
    return { key: parseKmsSecretKey(raw), derived: false };
  } catch (error) {
    throw new ConfigError(kmsVar, (error as Error).message);
  }
}

export function logLevel(env: Env, name: string): string {
  const level = optionalString(env, name) ?? 'info';
  if (!['verbose', 'debug', 'info', 'warn', 'error', 'fatal'].includes(level)) throw new ConfigError(name, `unknown level "${level}"`);
  return level;
}

/** What every app reads to reach the others over NATS, and how much it logs. */
export function busSettings(env: Env) {
  return {
    natsServers: urlList(env, 'NATS_URL', 'nats://127.0.0.1:4222'),
    natsTimeoutMs: positiveInt(env, 'STS_NATS_TIMEOUT_MS', 5000, 120_000),
    natsSecurity: natsSecurity(env),
    logLevel: logLevel(env, 'STS_LOG_LEVEL'),
    /** Verifiers hand issue requests on so the issuer answers the gateway itself (IssueForwarder); `false` relays the answer (docs/performance.md). */
    issuerDirectReply: flag(env, 'STS_ISSUER_DIRECT_REPLY', true),
  };
}

/** The app's NATS user (an nkey seed file) and TLS files; each named file must be readable at boot. */
function natsSecurity(env: Env) {
  const nkeySeedFile = readableFile(env, 'STS_NATS_NKEY_SEED_FILE');
  const caFile = readableFile(env, 'NATS_TLS_CA_FILE');
  const certFile = readableFile(env, 'NATS_TLS_CERT_FILE');
  const keyFile = readableFile(env, 'NATS_TLS_KEY_FILE');
  if (Boolean(certFile) !== Boolean(keyFile)) throw new ConfigError(certFile ? 'NATS_TLS_KEY_FILE' : 'NATS_TLS_CERT_FILE', 'mutual TLS needs both NATS_TLS_CERT_FILE and NATS_TLS_KEY_FILE');
  const tls = caFile || certFile ? { caFile, certFile, keyFile } : undefined;
  return { ...(nkeySeedFile ? { nkeySeedFile } : {}), ...(tls ? { tls } : {}) };
}

/** A path to a file the app must be able to read (a secret or a certificate); the content is never logged. */
export function readableFile(env: Env, name: string): string | undefined {
  const path = optionalString(env, name);
  if (path === undefined) return undefined;
  try {
    accessSync(path, constants.R_OK);
  } catch {
    throw new ConfigError(name, `cannot read the file "${path}"`);
  }
  return path;
}

/** MinIO's etcd variables (client TLS included) plus our call deadline and the app's etcd user. */
export function etcdSettings(env: Env) {
  return {
    endpoints: urlList(env, 'MINIO_ETCD_ENDPOINTS', 'http://127.0.0.1:2379'),
    prefix: optionalString(env, 'MINIO_ETCD_PATH_PREFIX') ?? '',
    timeoutMs: positiveInt(env, 'STS_ETCD_TIMEOUT_MS', 2000, 60_000),
    ...etcdSecurity(env),
  };
}

/**
 * Password login (`STS_ETCD_USERNAME` + `STS_ETCD_PASSWORD_FILE`) and/or client TLS (MinIO's
 * `MINIO_ETCD_CLIENT_CERT` / `MINIO_ETCD_CLIENT_CERT_KEY`; with `--client-cert-auth` etcd takes the
 * certificate's CN as the user), with `STS_ETCD_CA_FILE` as the CA that signed etcd's certificate.
 */
function etcdSecurity(env: Env) {
  const username = optionalString(env, 'STS_ETCD_USERNAME');
  const passwordFile = readableFile(env, 'STS_ETCD_PASSWORD_FILE');
  if (Boolean(username) !== Boolean(passwordFile)) throw new ConfigError(username ? 'STS_ETCD_PASSWORD_FILE' : 'STS_ETCD_USERNAME', 'etcd login needs both STS_ETCD_USERNAME and STS_ETCD_PASSWORD_FILE');
  const certFile = readableFile(env, 'MINIO_ETCD_CLIENT_CERT');
  const keyFile = readableFile(env, 'MINIO_ETCD_CLIENT_CERT_KEY');
  const caFile = readableFile(env, 'STS_ETCD_CA_FILE');
  if (Boolean(certFile) !== Boolean(keyFile)) throw new ConfigError(certFile ? 'MINIO_ETCD_CLIENT_CERT_KEY' : 'MINIO_ETCD_CLIENT_CERT', 'client TLS needs both MINIO_ETCD_CLIENT_CERT and MINIO_ETCD_CLIENT_CERT_KEY');
  const password = passwordFile ? readFileSync(passwordFile, 'utf8').trim() : undefined;
  return {
    ...(username && password ? { auth: { username, password } } : {}),
    ...(certFile || caFile ? { tls: { caFile, certFile, keyFile } } : {}),
  };
}

/** The root user and the key that seals secrets at rest (derived from the root password when unset). */
export function rootAndSealingSettings(env: Env) {
  const root = rootCredentials(env, 'MINIO_ROOT_USER', 'MINIO_ROOT_PASSWORD');
  return { root, kms: masterKey(env, 'MINIO_KMS_SECRET_KEY') };
}

/** `true`/`1`/`on` or `false`/`0`/`off` (unset: `fallback`). */
export function flag(env: Env, name: string, fallback = false): boolean {
  const raw = optionalString(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['true', '1', 'on', 'yes'].includes(raw)) return true;
  if (['false', '0', 'off', 'no'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

/** How the apps that record audit events (the gateway, the issuer) treat the JetStream audit stream. */
export function auditSettings(env: Env) {
  return {
    audit: {
      /** Off by default: an event the stream cannot take refuses the issuance or admin change. */
      failOpen: flag(env, 'STS_AUDIT_FAIL_OPEN'),
      deadlineMs: positiveInt(env, 'STS_AUDIT_TIMEOUT_MS', 3000, 60_000),
    },
  };
}

export function auditWarnings(config: { audit: { failOpen: boolean } }): string[] {
  if (!config.audit.failOpen) return [];
  return ['STS_AUDIT_FAIL_OPEN is set: issuances and admin changes go ahead even when the audit stream cannot record them, so the audit trail may miss them.'];
}
