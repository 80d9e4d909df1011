import { AdminSubjects as S, StsError, type AdminSubject, type MappingTarget } from '#contracts';
import { normalizeDn } from './distinguished-name.js';
import { singleValuedParameters } from '../sts/single-valued-parameters.js';

/** What an admin route makes of the query string and the (decrypted) body. */
type Build = (query: URLSearchParams, body: Buffer) => Record<string, unknown>;

export interface AdminRoute {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  path: string;
  subject: AdminSubject;
  build: Build;
  /** Query keys that may repeat (sets, whose order does not matter); every other key appears at most once. */
  repeatable?: readonly string[];
}

const param = (name: string) => (q: URLSearchParams) => ({ [name]: q.get(name) ?? '' });
const none: Build = () => ({});

function jsonObject(body: Buffer): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new StsError('InvalidParameterValue', 'The body must be a JSON object.', { admin: 'XMinioAdminConfigBadJSON' });
}

/** madmin's PolicyAssociationReq: `{ policies, user | group }`, exactly one of user or group. */
const association = (ldap: boolean): Build => (_q, body) => {
  const { policies, user, group } = jsonObject(body);
  if (Boolean(user) === Boolean(group)) throw new StsError('InvalidParameterValue', 'Name exactly one of "user" or "group".');
  const kind = `${ldap ? 'ldap-' : ''}${user ? 'user' : 'group'}` as MappingTarget['kind'];
  return { policies, target: { kind, name: user || group } };
};

/**
 * MinIO's admin routes under `/minio/admin/v3/` as madmin-go calls them; bodies madmin encrypts are
 * read decrypted, and plain JSON is accepted too. `temporary-accounts`, `revoke-credentials` and the
 * signing-key routes are ours. What each answers on the wire is the gateway's (admin-answers.ts).
 */
export const ADMIN_ROUTES: readonly AdminRoute[] = [
  { method: 'PUT', path: 'add-user', subject: S.UsersAdd, build: addUser },
  { method: 'DELETE', path: 'remove-user', subject: S.UsersRemove, build: param('accessKey') },
  { method: 'PUT', path: 'set-user-status', subject: S.UsersSetStatus, build: (q) => ({ accessKey: q.get('accessKey') ?? '', status: q.get('status') }) },
  { method: 'GET', path: 'user-info', subject: S.UsersInfo, build: param('accessKey') },
  { method: 'GET', path: 'list-users', subject: S.UsersList, build: none },
  { method: 'PUT', path: 'update-group-members', subject: S.GroupsUpdateMembers, build: groupMembers },
  { method: 'GET', path: 'group', subject: S.GroupsInfo, build: param('group') },
  { method: 'GET', path: 'groups', subject: S.GroupsList, build: none },
  { method: 'PUT', path: 'set-group-status', subject: S.GroupsSetStatus, build: (q) => ({ group: q.get('group') ?? '', status: q.get('status') }) },
  { method: 'PUT', path: 'add-canned-policy', subject: S.PoliciesCreate, build: (q, b) => ({ name: q.get('name') ?? '', policy: b.toString('utf8') }) },
  { method: 'DELETE', path: 'remove-canned-policy', subject: S.PoliciesDelete, build: (q) => ({ name: q.get('name') ?? '', ...(q.get('force') === 'true' ? { force: true } : {}) }) },
  { method: 'GET', path: 'info-canned-policy', subject: S.PoliciesInfo, build: param('name') },
  { method: 'GET', path: 'list-canned-policies', subject: S.PoliciesList, build: none },
  { method: 'PUT', path: 'set-user-or-group-policy', subject: S.PolicyMappingsSet, build: setPolicy },
  { method: 'POST', path: 'idp/builtin/policy/attach', subject: S.PolicyMappingsAttach, build: association(false) },
  { method: 'POST', path: 'idp/builtin/policy/detach', subject: S.PolicyMappingsDetach, build: association(false) },
  { method: 'POST', path: 'idp/ldap/policy/attach', subject: S.PolicyMappingsAttach, build: association(true) },
  { method: 'POST', path: 'idp/ldap/policy/detach', subject: S.PolicyMappingsDetach, build: association(true) },
  { method: 'GET', path: 'idp/builtin/policy-entities', subject: S.PolicyMappingsEntities, build: entities((name) => name), repeatable: ['user', 'group', 'policy'] },
  { method: 'GET', path: 'idp/ldap/policy-entities', subject: S.PolicyMappingsEntities, build: entities(ldapParent), repeatable: ['user', 'group', 'policy'] },
  { method: 'PUT', path: 'add-service-account', subject: S.ServiceAccountsAdd, build: (_q, b) => jsonObject(b) },
  { method: 'GET', path: 'list-service-accounts', subject: S.ServiceAccountsList, build: param('user') },
  { method: 'GET', path: 'info-service-account', subject: S.ServiceAccountsInfo, build: param('accessKey') },
  { method: 'POST', path: 'update-service-account', subject: S.ServiceAccountsUpdate, build: (q, b) => ({ ...jsonObject(b), accessKey: q.get('accessKey') ?? '' }) },
  { method: 'DELETE', path: 'delete-service-account', subject: S.ServiceAccountsDelete, build: param('accessKey') },
  { method: 'GET', path: 'temporary-accounts', subject: S.CredentialsList, build: (q) => present(q, ['user', 'provider']) },
  { method: 'GET', path: 'temporary-account-info', subject: S.CredentialsInfo, build: param('accessKey') },
  { method: 'POST', path: 'revoke-credentials', subject: S.CredentialsRevoke, build: (_q, b) => ({ selector: jsonObject(b) }) },
  { method: 'POST', path: 'revoke-tokens/builtin', subject: S.CredentialsRevoke, build: (q) => minioRevokeTokens(q, (user) => user) },
  { method: 'POST', path: 'revoke-tokens/ldap', subject: S.CredentialsRevoke, build: (q) => minioRevokeTokens(q, ldapParent) },
  { method: 'GET', path: 'info', subject: S.ServerInfo, build: none },
  // `prefix-usage=true` asks for per-prefix sizes, which are not known here: it is accepted and answers none.
  { method: 'GET', path: 'accountinfo', subject: S.AccountInfo, build: none },
  { method: 'GET', path: 'list-access-keys-bulk', subject: S.AccessKeysList, build: (q) => accessKeys(q.getAll('users'), q), repeatable: ['users'] },
  { method: 'GET', path: 'idp/ldap/list-access-keys', subject: S.AccessKeysList, build: (q) => accessKeys(q.get('userDN') ? [ldapParent(q.get('userDN')!)] : [], q) },
  { method: 'POST', path: 'rotate-signing-key', subject: S.KeysRotate, build: none },
  { method: 'GET', path: 'signing-keys', subject: S.KeysList, build: none },
];

export const ADMIN_PATH_PREFIX = '/minio/admin/v3/';

/** An admin operation as a signed HTTP request states it: its subject and its fields. */
export interface AdminOperation {
  route: AdminRoute;
  fields: Record<string, unknown>;
}

/**
 * The one reading of an admin request, used by the gateway to route it and by the issuer to check
 * that what it is asked to do is what was signed (method, path, query, body), never what the
 * subject it arrived on says. A repeated query key is refused: SigV4 sorts them, so their order is
 * not signed.
 */
export function adminOperationOf(method: string, path: string, rawQuery: string, body: Buffer): AdminOperation {
  const name = path.startsWith(ADMIN_PATH_PREFIX) ? path.slice(ADMIN_PATH_PREFIX.length) : '';
  const candidates = ADMIN_ROUTES.filter((r) => r.path === name);
  const route = candidates.find((r) => r.method === method);
  if (!route) {
    throw candidates.length > 0
      ? new StsError('MethodNotAllowed', `Use ${candidates.map((r) => r.method).join(' or ')} for ${name}.`)
      : new StsError('NotFound', `No admin API named ${name || '(empty)'}.`);
  }
  const repeatable = new Set(route.repeatable ?? []);
  const pairs = [...new URLSearchParams(rawQuery)];
  const single = singleValuedParameters(new URLSearchParams(pairs.filter(([k]) => !repeatable.has(k))).toString(), 'query string');
  const query = new URLSearchParams([...single, ...pairs.filter(([k]) => repeatable.has(k))]);
  return { route, fields: route.build(query, body) };
}

/** madmin AddOrUpdateUserReq `{secretKey, status}`, the key in the query. */
function addUser(q: URLSearchParams, body: Buffer): Record<string, unknown> {
  const { secretKey, status } = jsonObject(body);
  return { accessKey: q.get('accessKey') ?? '', secretKey, ...(status === undefined ? {} : { status }) };
}

/** madmin GroupAddRemove; `members: null` (mc admin group rm with no members) means none. */
function groupMembers(_q: URLSearchParams, body: Buffer): Record<string, unknown> {
  const value = jsonObject(body);
  return { ...pick(value, ['group', 'isRemove']), members: value.members ?? [] };
}

/** `set-user-or-group-policy?isGroup=&policyName=p1,p2&userOrGroup=`: replaces the mapping; an empty name removes it. */
function setPolicy(q: URLSearchParams): Record<string, unknown> {
  const isGroup = q.get('isGroup');
  if (isGroup !== 'true' && isGroup !== 'false') throw new StsError('InvalidParameterValue', 'isGroup must be true or false.');
  const policies = (q.get('policyName') ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  return { policies, target: { kind: isGroup === 'true' ? 'group' : 'user', name: q.get('userOrGroup') ?? '' } };
}

/** madmin PolicyEntitiesQuery: repeated `user`, `group`, `policy`; LDAP users and groups are DNs, normalized. */
function entities(nameOf: (name: string) => string): Build {
  return (q) => {
    const all = (key: string, map: (name: string) => string) => [...new Set(q.getAll(key).filter(Boolean).map(map))].sort();
    return { users: all('user', nameOf), groups: all('group', nameOf), policies: all('policy', (p) => p) };
  };
}

/** madmin v3's access-key listings: named users or `all=true` (not both); listType sts-only, svcacc-only, else both. */
function accessKeys(users: string[], q: URLSearchParams): Record<string, unknown> {
  const all = q.get('all') === 'true';
  if (all && users.length > 0) throw new StsError('InvalidParameterValue', 'Name users or all=true, not both.');
  const listType = q.get('listType');
  return { users: [...new Set(users.filter(Boolean))].sort(), all, listType: listType === 'sts-only' || listType === 'svcacc-only' ? listType : 'all' };
}

/** The query parameters among `names` that are present and not empty. */
function present(q: URLSearchParams, names: string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((n) => (q.get(n) ? [[n, q.get(n)!]] : [])));
}

/**
 * MinIO's `revoke-tokens/{provider}?user=&tokenRevokeType=&fullRevoke=true`: with a user, exactly
 * one of a revoke type or fullRevoke (madmin RevokeTokens). Self-revocation without a user is not
 * offered: name the user.
 */
function minioRevokeTokens(q: URLSearchParams, parentOf: (user: string) => string): Record<string, unknown> {
  const named = q.get('user');
  const user = named ? parentOf(named) : named;
  const type = q.get('tokenRevokeType') || undefined;
  const full = q.get('fullRevoke') === 'true';
  if (!user) throw new StsError('InvalidParameterValue', 'Name the user whose tokens to revoke.');
  if (full === (type !== undefined)) throw new StsError('InvalidParameterValue', 'Give exactly one of tokenRevokeType or fullRevoke=true.');
  return { selector: type === undefined ? { user } : { user, tokenRevokeType: type } };
}

/** LDAP parents are normalized DNs: a DN written with other spacing or case of types still matches. */
function ldapParent(dn: string): string {
  const normalized = normalizeDn(dn);
  if (normalized === null) throw new StsError('InvalidParameterValue', `"${dn}" is not a valid LDAP distinguished name`);
  return normalized;
}

function pick(value: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in value).map((k) => [k, value[k]]));
}
