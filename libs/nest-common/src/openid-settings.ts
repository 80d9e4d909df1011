import { OPENID_KEYS, OpenIdConfigError, parseGoDurationSeconds, parseOpenIdProviders, type OpenIdKey, type RawOpenIdProvider } from '#domain';
import { ConfigError, optionalString, type Env } from './config-values.js';

const PREFIX = 'MINIO_IDENTITY_OPENID_';
/** Longest first, so `REDIRECT_URI_DYNAMIC_X` is provider X's REDIRECT_URI_DYNAMIC, not REDIRECT_URI of "DYNAMIC_X". */
const KEYS_LONGEST_FIRST = [...OPENID_KEYS].sort((a, b) => b.length - a.length);

export const openIdVariable = (key: OpenIdKey, provider: string) => `${PREFIX}${key}${provider ? `_${provider}` : ''}`;

/** '' (the unsuffixed provider) and every `_<NAME>` suffix found on a MinIO OpenID variable. */
function providerNames(env: Env): string[] {
  const names = new Set<string>(['']);
  for (const variable of Object.keys(env)) {
    const rest = variable.startsWith(PREFIX) ? variable.slice(PREFIX.length) : undefined;
    if (rest === undefined || (OPENID_KEYS as readonly string[]).includes(rest)) continue;
    const key = KEYS_LONGEST_FIRST.find((k) => rest.startsWith(`${k}_`));
    if (key) names.add(rest.slice(key.length + 1));
  }
  return [...names].sort();
}

function rawProvider(env: Env, name: string): RawOpenIdProvider {
  const values: RawOpenIdProvider['values'] = {};
  for (const key of OPENID_KEYS) {
    const value = optionalString(env, openIdVariable(key, name));
    if (value !== undefined) values[key] = value;
  }
  return { name, values };
}

/** MinIO's `MINIO_IDENTITY_OPENID_*` providers, validated with MinIO's rules; errors name the variable. */
export function openIdProviders(env: Env, region: string | undefined) {
  try {
    return parseOpenIdProviders(providerNames(env).map((name) => rawProvider(env, name)), region);
  } catch (error) {
    if (error instanceof OpenIdConfigError) throw new ConfigError(openIdVariable(error.key, error.provider), error.message);
    throw error;
  }
}

/** Whether any OpenID provider is configured (a CONFIG_URL not switched off), for the gateway's readiness. */
export function openIdConfigured(env: Env): boolean {
  return providerNames(env).some((name) =>
    optionalString(env, openIdVariable('CONFIG_URL', name)) !== undefined &&
    !['off', 'false', 'disabled'].includes(optionalString(env, openIdVariable('ENABLE', name))?.toLowerCase() ?? ''));
}

/** `MINIO_STS_DURATION`: MinIO silently falls back to 1 h on a bad value; a typo here stops the app instead. */
export function stsDurationOverride(env: Env): number | undefined {
  const raw = optionalString(env, 'MINIO_STS_DURATION');
  if (raw === undefined) return undefined;
  try {
    return parseGoDurationSeconds(raw);
  } catch (error) {
    throw new ConfigError('MINIO_STS_DURATION', (error as Error).message);
  }
}
