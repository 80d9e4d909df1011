import type { ClientInfo, Provider } from '#contracts';
import type { RequestContextValue } from '../policy/index.js';

/** Who signed an admin call, once authenticated. */
export interface AdminCaller {
  /** The signing access key: a user's, the root user's, or a temporary credential's. */
  accessKey: string;
  /** `aws:username`: the user itself, or the parent of a temporary credential (MinIO). */
  username: string;
  provider: Provider;
  temporary: boolean;
  /** The claims of the temporary credential's session token (IdP claims, LDAP names). */
  claims?: Readonly<Record<string, unknown>>;
}

/** Our own session-token claims: not the IdP's, so they are not offered as `jwt:` keys. */
const OWN_CLAIMS = new Set(['accessKey', 'parent', 'exp', 'iat', 'sessionPolicy', 'tokenRevokeType']);
/** MinIO's LDAP session claims and the `ldap:` keys policies name them by. */
const LDAP_KEYS: Record<string, string> = { ldapUsername: 'ldap:username', ldapUser: 'ldap:user', ldapActualUser: 'ldap:actualUser' };

const stringValues = (value: unknown): RequestContextValue =>
  typeof value === 'string' ? value : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;

/** `jwt:<claim>` for OpenID credentials, `ldap:username` / `ldap:user` / `ldap:<attribute>` for LDAP ones. */
function claimKeys(caller: AdminCaller): Record<string, RequestContextValue> {
  const out: Record<string, RequestContextValue> = {};
  for (const [name, value] of Object.entries(caller.claims ?? {})) {
    if (OWN_CLAIMS.has(name)) continue;
    if (caller.provider === 'openid') out[`jwt:${name}`] = stringValues(value);
    else if (caller.provider === 'ldap' && LDAP_KEYS[name]) out[LDAP_KEYS[name]] = stringValues(value);
    else if (caller.provider === 'ldap' && name.startsWith('ldapAttrib_')) out[`ldap:${name.slice('ldapAttrib_'.length)}`] = stringValues(value);
  }
  return out;
}

function principalType(caller: AdminCaller): string {
  if (caller.temporary) return 'AssumedRole';
  return caller.provider === 'root' ? 'Account' : 'User';
}

/**
 * The condition keys of an admin request, as MinIO's `getConditionValues` (cmd/auth-handler.go) fills
 * them: time, transport, source address, the caller's name (`aws:userid` equals `aws:username`, as
 * MinIO) and the claims of a temporary credential. `admin:TargetUser` (ours) names the user an
 * operation changes, so a policy can say whose secret a helpdesk may reset.
 */
export function adminRequestContext(
  caller: AdminCaller,
  client: ClientInfo,
  now: number,
  targetUser: string | undefined,
): Record<string, RequestContextValue> {
  return {
    ...claimKeys(caller),
    'aws:CurrentTime': new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:EpochTime': String(Math.floor(now / 1000)),
    'aws:SecureTransport': String(client.secureTransport),
    'aws:SourceIp': client.sourceIp || undefined,
    'aws:username': caller.username,
    'aws:userid': caller.username,
    'aws:principaltype': principalType(caller),
    'admin:TargetUser': targetUser,
  };
}

/** The claims of one of our session tokens (already matched to its stored digest), or none. */
export function sessionTokenClaims(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims) ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
