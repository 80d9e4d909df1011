/**
 * MinIO's `identity_ldap` configuration keys (reference §4.1). The app reads them from
 * `MINIO_IDENTITY_LDAP_<KEY>`; the rules here are MinIO's (`minio/pkg ldap/validation.go`).
 */
export const LDAP_KEYS = [
  'enable', 'server_addr', 'srv_record_name', 'lookup_bind_dn', 'lookup_bind_password',
  'user_dn_search_base_dn', 'user_dn_search_filter', 'user_dn_attributes', 'group_search_filter',
  'group_search_base_dn', 'tls_skip_verify', 'server_insecure', 'server_starttls',
] as const;
export type LdapKey = (typeof LDAP_KEYS)[number];
export type LdapValues = Partial<Record<LdapKey, string>>;

/** A bad setting, named by its MinIO key so the app can name the variable. */
export class LdapConfigError extends Error {
  constructor(readonly key: LdapKey, problem: string) {
    super(problem);
  }
}

/** `ldaps` by default; `_SERVER_STARTTLS` wins over `_SERVER_INSECURE` as in MinIO's `connect`. */
export type LdapTransport = 'ldaps' | 'starttls' | 'plain';

export interface LdapSettings {
  /** `host` and `port`, or with `srv` the name whose SRV records list the servers. */
  host: string;
  port: number;
  srv?: { service?: 'ldap' | 'ldaps' };
  transport: LdapTransport;
  tlsSkipVerify: boolean;
  lookupBindDn: string;
  /** Empty: an unauthenticated bind with the DN, as MinIO. */
  lookupBindPassword: string;
  userSearchBases: string[];
  userSearchFilter: string;
  userAttributes: string[];
  groupSearchFilter?: string;
  groupSearchBases: string[];
}

const DEFAULT_PORT = 636;
const ATTRIBUTE = /^[a-zA-Z][a-zA-Z0-9-]*$/;
const TRUE = ['on', 'true', 'enable', 'enabled', 'yes', '1'];
const FALSE = ['off', 'false', 'disable', 'disabled', 'no', '0'];

/** The validated settings, or undefined when LDAP is off (MinIO: enabled when SERVER_ADDR is set). */
export function parseLdapSettings(values: LdapValues): LdapSettings | undefined {
  const get = (key: LdapKey) => values[key]?.trim() ?? '';
  const addr = get('server_addr');
  const enable = get('enable');
  if (enable === '' ? addr === '' : !flag(values, 'enable')) return undefined;
  if (addr === '') throw new LdapConfigError('server_addr', 'is required when LDAP is enabled');
  const srvName = get('srv_record_name');
  if (!['', 'ldap', 'ldaps', 'on'].includes(srvName)) throw new LdapConfigError('srv_record_name', 'must be one of "ldap", "ldaps" or "on"');
  const lookupBindDn = get('lookup_bind_dn');
  if (lookupBindDn === '') throw new LdapConfigError('lookup_bind_dn', 'is required: the service account that searches for users');
  return {
    ...serverOf(addr, srvName),
    transport: flag(values, 'server_starttls') ? 'starttls' : flag(values, 'server_insecure') ? 'plain' : 'ldaps',
    tlsSkipVerify: flag(values, 'tls_skip_verify'),
    lookupBindDn,
    lookupBindPassword: values.lookup_bind_password ?? '',
    ...userSearchOf(values),
    ...groupSearchOf(values),
  };
}

function flag(values: LdapValues, key: LdapKey): boolean {
  const value = values[key]?.trim().toLowerCase() ?? '';
  if (value === '' || FALSE.includes(value)) return false;
  if (TRUE.includes(value)) return true;
  throw new LdapConfigError(key, `must be "on" or "off", got "${values[key]}"`);
}

function serverOf(addr: string, srvName: string): Pick<LdapSettings, 'host' | 'port' | 'srv'> {
  if (srvName !== '') return { host: addr, port: 0, srv: { service: srvName === 'on' ? undefined : (srvName as 'ldap' | 'ldaps') } };
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/.exec(addr);
  const port = match?.[3] === undefined ? DEFAULT_PORT : Number(match[3]);
  if (!match || port < 1 || port > 65535) throw new LdapConfigError('server_addr', `"${addr}" is not host or host:port`);
  return { host: match[1] ?? match[2], port };
}

function userSearchOf(values: LdapValues) {
  const userSearchBases = list(values.user_dn_search_base_dn, ';');
  if (userSearchBases.length === 0) throw new LdapConfigError('user_dn_search_base_dn', 'is required: the DNs under which users are searched, separated by ";"');
  const userSearchFilter = values.user_dn_search_filter?.trim() ?? '';
  if (userSearchFilter === '') throw new LdapConfigError('user_dn_search_filter', 'is required, e.g. (uid=%s)');
  if (userSearchFilter.includes('%d')) throw new LdapConfigError('user_dn_search_filter', '"%d" is not supported here; use "%s" for the username');
  if (!userSearchFilter.includes('%s')) throw new LdapConfigError('user_dn_search_filter', 'must contain "%s", which is replaced by the username');
  const userAttributes = list(values.user_dn_attributes, ',');
  const bad = userAttributes.find((a) => !ATTRIBUTE.test(a));
  if (bad !== undefined) throw new LdapConfigError('user_dn_attributes', `"${bad}" is not an LDAP attribute name (letters, digits and -, not an OID)`);
  return { userSearchBases, userSearchFilter, userAttributes };
}

function groupSearchOf(values: LdapValues) {
  const groupSearchBases = list(values.group_search_base_dn, ';');
  const groupSearchFilter = values.group_search_filter?.trim() || undefined;
  if (groupSearchFilter === undefined && groupSearchBases.length === 0) return { groupSearchBases };
  if (groupSearchFilter === undefined) throw new LdapConfigError('group_search_filter', 'is required when a group search base DN is set');
  if (groupSearchBases.length === 0) throw new LdapConfigError('group_search_base_dn', 'is required when a group search filter is set');
  if (!groupSearchFilter.includes('%s') && !groupSearchFilter.includes('%d')) {
    throw new LdapConfigError('group_search_filter', 'must contain "%s" (the username) or "%d" (the user DN)');
  }
  return { groupSearchFilter, groupSearchBases };
}

const list = (text: string | undefined, separator: string) => (text ?? '').split(separator).map((s) => s.trim()).filter(Boolean);
