import { readFileSync } from 'node:fs';
import { MaxLoginFailureLimit } from '#contracts';
import { LDAP_KEYS, LdapConfigError, parseLdapSettings, type LdapKey, type LdapSettings } from '#domain';
import { filterTemplateProblem } from '#infra-ldap';
import { busSettings, ConfigError, etcdSettings, optionalString, positiveInt, type Env } from '#nest-common';

/** MinIO's variable for an `identity_ldap` key. */
export const ldapVariable = (key: LdapKey) => `MINIO_IDENTITY_LDAP_${key.toUpperCase()}`;

/** The LDAP verifier's one reader of the environment. LDAP is off unless the server address is set. */
export function loadConfig(env: Env = process.env) {
  return {
    ...busSettings(env),
    etcd: etcdSettings(env),
    ldap: ldapSettings(env),
    directory: {
      /** Below the gateway's 5 s bus deadline, so a dead directory is reported as such. */
      timeoutMs: positiveInt(env, 'STS_LDAP_TIMEOUT_MS', 3000, 60_000),
      poolSize: positiveInt(env, 'STS_LDAP_POOL_SIZE', 4, 64),
      ca: caBundle(env, 'STS_LDAP_TLS_CA_FILE'),
    },
    limits: {
      // Capped at what the issuer accepts: a larger budget would make every login fail as malformed.
      perUser: positiveInt(env, 'STS_LDAP_MAX_FAILURES_PER_USER', 10, MaxLoginFailureLimit),
      perClient: positiveInt(env, 'STS_LDAP_MAX_FAILURES_PER_CLIENT', 50, MaxLoginFailureLimit),
      windowSeconds: positiveInt(env, 'STS_LDAP_FAILURE_WINDOW_SECONDS', 900, 86_400),
    },
  };
}
export type LdapVerifierConfig = ReturnType<typeof loadConfig>;
export const LDAP_VERIFIER_CONFIG = Symbol('LDAP_VERIFIER_CONFIG');

/** Every MINIO_IDENTITY_LDAP_* variable is read, so that a typo'd value is reported, not ignored. */
function ldapSettings(env: Env): LdapSettings | undefined {
  const values = Object.fromEntries(LDAP_KEYS.map((key) => [key, env[ldapVariable(key)]]));
  try {
    const settings = parseLdapSettings(values);
    if (settings) assertCompiles('user_dn_search_filter', settings.userSearchFilter);
    if (settings?.groupSearchFilter) assertCompiles('group_search_filter', settings.groupSearchFilter);
    return settings;
  } catch (error) {
    if (error instanceof LdapConfigError) throw new ConfigError(ldapVariable(error.key), error.message);
    throw error;
  }
}

function assertCompiles(key: LdapKey, template: string): void {
  const problem = filterTemplateProblem(template);
  if (problem !== null) throw new LdapConfigError(key, `"${template}" is not a valid LDAP filter: ${problem}`);
}

function caBundle(env: Env, name: string): string | undefined {
  const file = optionalString(env, name);
  if (file === undefined) return undefined;
  try {
    const pem = readFileSync(file, 'utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM certificate in it');
    return pem;
  } catch (error) {
    throw new ConfigError(name, `cannot use "${file}": ${(error as Error).message}`);
  }
}

/** Said once at boot: what an operator should know about this configuration. */
export function ldapWarnings(config: LdapVerifierConfig): string[] {
  const ldap = config.ldap;
  if (!ldap) return [`${ldapVariable('server_addr')} is not set: AssumeRoleWithLDAPIdentity answers "ldap is not configured"`];
  const warnings: string[] = [];
  if (ldap.transport === 'plain') warnings.push(`${ldapVariable('server_insecure')} is on: LDAP passwords cross the network in clear text`);
  if (ldap.tlsSkipVerify) warnings.push(`${ldapVariable('tls_skip_verify')} is on: the directory's certificate is not verified`);
  return warnings;
}
