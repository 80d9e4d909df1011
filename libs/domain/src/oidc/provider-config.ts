import { roleArnFor } from './role-arn.js';

/** MinIO's `identity_openid` keys (env `MINIO_IDENTITY_OPENID_<KEY>[_<NAME>]`), §3.1. */
export const OPENID_KEYS = [
  'ENABLE', 'DISPLAY_NAME', 'CONFIG_URL', 'CLIENT_ID', 'CLIENT_SECRET', 'CLAIM_NAME', 'CLAIM_PREFIX',
  'ROLE_POLICY', 'CLAIM_USERINFO', 'SCOPES', 'REDIRECT_URI', 'REDIRECT_URI_DYNAMIC', 'VENDOR',
  'KEYCLOAK_REALM', 'KEYCLOAK_ADMIN_URL', 'USER_READABLE_CLAIM', 'USER_ID_CLAIM', 'COMMENT',
] as const;
export type OpenIdKey = (typeof OPENID_KEYS)[number];

/** One provider's values as configured; `name` is '' for the unsuffixed (default) provider. */
export interface RawOpenIdProvider {
  name: string;
  values: Partial<Record<OpenIdKey, string>>;
}

export interface OpenIdProviderConfig {
  name: string;
  configUrl: string;
  clientId: string;
  /** HMAC key for HS* tokens (MinIO keys it by the client id). */
  clientSecret?: string;
  /** `CLAIM_PREFIX` + `CLAIM_NAME`: where claim mode reads policy names. */
  policyClaim: string;
  /** Non-empty: role mode, reached through `roleArn`. */
  rolePolicies: string[];
  roleArn?: string;
  claimUserInfo: boolean;
  displayName?: string;
}

/** A bad provider setting; the config reader turns it into a message naming the variable. */
export class OpenIdConfigError extends Error {
  constructor(readonly provider: string, readonly key: OpenIdKey, problem: string) {
    super(problem);
  }
}

const DEFAULT_CLAIM_NAME = 'policy';
const TRUE = new Set(['on', 'true', 'yes', 'enable', 'enabled', '1']);
const FALSE = new Set(['off', 'false', 'no', 'disable', 'disabled', '0']);

function flag(raw: RawOpenIdProvider, key: OpenIdKey): boolean | undefined {
  const value = raw.values[key]?.toLowerCase();
  if (value === undefined) return undefined;
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  throw new OpenIdConfigError(raw.name, key, `must be "on" or "off", got "${raw.values[key]}"`);
}

const list = (value: string | undefined) => (value ?? '').split(',').map((s) => s.trim());

/** MinIO: a provider is on when ENABLE says so, or, if ENABLE is unset, when any of these is set. */
function isEnabled(raw: RawOpenIdProvider): boolean {
  const { CLIENT_ID, CLIENT_SECRET, CONFIG_URL } = raw.values;
  return flag(raw, 'ENABLE') ?? Boolean(CLIENT_ID || CLIENT_SECRET || CONFIG_URL);
}

function parseProvider(raw: RawOpenIdProvider, region: string | undefined): OpenIdProviderConfig {
  const fail = (key: OpenIdKey, problem: string) => new OpenIdConfigError(raw.name, key, problem);
  const { CONFIG_URL: configUrl, CLIENT_ID: clientId, ROLE_POLICY, CLAIM_NAME, SCOPES } = raw.values;
  if (!configUrl) throw fail('CONFIG_URL', 'is required when the OpenID provider is enabled');
  if (!/^https?:\/\/[^\s/]+/.test(configUrl)) throw fail('CONFIG_URL', `"${configUrl}" is not an http(s) URL`);
  // Without a client id the audience check would be meaningless (MinIO requires it for roles).
  if (!clientId) throw fail('CLIENT_ID', 'is required when the OpenID provider is enabled');
  if (SCOPES !== undefined && list(SCOPES).some((s) => s === '')) throw fail('SCOPES', 'must be a comma-separated list without empty items');
  const rolePolicies = ROLE_POLICY === undefined ? [] : list(ROLE_POLICY).filter(Boolean);
  if (ROLE_POLICY !== undefined && rolePolicies.length === 0) throw fail('ROLE_POLICY', 'must name at least one policy');
  if (rolePolicies.length > 0 && CLAIM_NAME !== undefined && CLAIM_NAME !== DEFAULT_CLAIM_NAME) {
    throw fail('ROLE_POLICY', 'cannot be set together with CLAIM_NAME');
  }
  return {
    name: raw.name,
    configUrl,
    clientId,
    clientSecret: raw.values.CLIENT_SECRET,
    policyClaim: (raw.values.CLAIM_PREFIX ?? '') + (CLAIM_NAME ?? DEFAULT_CLAIM_NAME),
    rolePolicies,
    roleArn: rolePolicies.length > 0 ? roleArnFor(clientId, region) : undefined,
    claimUserInfo: flag(raw, 'CLAIM_USERINFO') ?? false,
    displayName: raw.values.DISPLAY_NAME,
  };
}

/**
 * MinIO's `LookupConfig` rules: at most one claim-based provider, any number of role-policy
 * providers (each with its role ARN), client ids unique across providers.
 */
export function parseOpenIdProviders(raws: readonly RawOpenIdProvider[], region: string | undefined): OpenIdProviderConfig[] {
  const providers: OpenIdProviderConfig[] = [];
  for (const raw of raws) {
    if (!isEnabled(raw)) continue;
    const provider = parseProvider(raw, region);
    if (providers.some((p) => p.clientId === provider.clientId)) {
      throw new OpenIdConfigError(raw.name, 'CLIENT_ID', `"${provider.clientId}" is already the client id of another OpenID provider`);
    }
    if (provider.rolePolicies.length === 0 && providers.some((p) => p.rolePolicies.length === 0)) {
      throw new OpenIdConfigError(raw.name, 'CONFIG_URL', 'Only one OpenID provider can be configured if not using role policy mapping');
    }
    providers.push(provider);
  }
  return providers;
}
