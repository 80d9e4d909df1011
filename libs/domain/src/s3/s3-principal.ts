import type { Provider } from '#contracts';
import type { PolicyDocument } from '../policy/index.js';

/**
 * Who signed an S3 call, with everything authorization needs and nothing fetched per request: the
 * parent's effective policies as the issuer last computed them, the session policy, the claims of
 * the session token. Built once per cached credential.
 */
export interface S3Principal {
  readonly accessKey: string;
  /** The parent user (the root user, a builtin user, an LDAP DN, an OpenID parent). */
  readonly parent: string;
  readonly provider: Provider;
  /** The root user or a credential derived from it: allowed everything unless a session policy narrows it. */
  readonly owner: boolean;
  readonly identityPolicies: readonly PolicyDocument[];
  readonly sessionPolicy?: PolicyDocument;
  /** Condition values that come from the identity (`aws:username`, `jwt:*`, `ldap:*`). */
  readonly identityContext: Readonly<Record<string, string | readonly string[]>>;
}

/** Claims the issuer adds to every session token; they are not IdP claims and never become `jwt:*`. */
const SYSTEM_CLAIMS = new Set(['accessKey', 'parent', 'exp', 'iat', 'sessionPolicy', 'tokenRevokeType']);

const conditionValue = (value: unknown): string | readonly string[] | undefined => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return undefined;
};

/**
 * MinIO getConditionValues (cmd/bucket-policy.go): `aws:username`/`aws:userid` name the parent;
 * OpenID claims become `jwt:<claim>`; LDAP sessions carry `ldap:username`, `ldap:user` and
 * `ldap:groups`.
 */
export function identityContextOf(input: { parent: string; provider: Provider; claims?: Record<string, unknown>; groups?: readonly string[] }) {
  const context: Record<string, string | readonly string[]> = { 'aws:username': input.parent, 'aws:userid': input.parent };
  const claims = input.claims ?? {};
  if (input.provider === 'openid') {
    for (const [name, value] of Object.entries(claims)) {
      const converted = SYSTEM_CLAIMS.has(name) ? undefined : conditionValue(value);
      if (converted !== undefined) context[`jwt:${name}`] = converted;
    }
  }
  if (input.provider === 'ldap') {
    const username = conditionValue(claims.ldapUsername);
    if (typeof username === 'string') context['ldap:username'] = username;
    context['ldap:user'] = input.parent;
    if (input.groups && input.groups.length > 0) context['ldap:groups'] = [...input.groups];
  }
  return context;
}
