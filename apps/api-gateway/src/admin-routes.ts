import { AdminSubjects as S, StsError, type AdminSubject, type MappingTarget } from '#contracts';
import { normalizeDn } from '#domain';
import * as A from './admin-answers.js';

/** What an admin route makes of the query string and the (decrypted) body. */
type Build = (query: URLSearchParams, body: Buffer) => Record<string, unknown>;

export interface AdminRoute<T extends AdminSubject = AdminSubject> {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  path: string;
  subject: T;
  build: Build;
  /** MinIO's answer: status and JSON shape. */
  answer: A.Answer<T>;
  /** madmin expects this answer encrypted with the signer's secret key (reference §2.5). */
  encrypt?: boolean;
}

const route = <T extends AdminSubject>(r: AdminRoute<T>): AdminRoute => r as unknown as AdminRoute;

const param = (name: string) => (q: URLSearchParams) => ({ [name]: q.get(name) ?? '' });
const none: Build = () => ({});

function jsonObject(body: Buffer): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new StsError('InvalidParameterValue', 'The body must be a JSON object.');
}

/** madmin's PolicyAssociationReq: `{ policies, user | group }`, exactly one of user or group. */
const association = (ldap: boolean): Build => (_q, body) => {
  const { policies, user, group } = jsonObject(body);
  if (Boolean(user) === Boolean(group)) throw new StsError('InvalidParameterValue', 'Name exactly one of "user" or "group".');
  const kind = `${ldap ? 'ldap-' : ''}${user ? 'user' : 'group'}` as MappingTarget['kind'];
  return { policies, target: { kind, name: user || group } };
};

/**
 * MinIO's admin routes under `/minio/admin/v3/` as madmin-go calls them, with MinIO's answers;
 * bodies madmin encrypts are decrypted by the controller first, and plain JSON is accepted too.
 * `temporary-accounts`, `revoke-credentials` and the signing-key routes are ours.
 */
export const ADMIN_ROUTES: readonly AdminRoute[] = [
  route({ method: 'PUT', path: 'add-user', subject: S.UsersAdd, build: addUser, answer: A.empty() }),
  route({ method: 'DELETE', path: 'remove-user', subject: S.UsersRemove, build: param('accessKey'), answer: A.empty() }),
  route({ method: 'PUT', path: 'set-user-status', subject: S.UsersSetStatus, build: (q) => ({ accessKey: q.get('accessKey') ?? '', status: q.get('status') }), answer: A.empty() }),
  route({ method: 'GET', path: 'user-info', subject: S.UsersInfo, build: param('accessKey'), answer: A.userInfo }),
  route({ method: 'GET', path: 'list-users', subject: S.UsersList, build: none, answer: A.userList, encrypt: true }),
  route({ method: 'PUT', path: 'update-group-members', subject: S.GroupsUpdateMembers, build: groupMembers, answer: A.empty() }),
  route({ method: 'GET', path: 'group', subject: S.GroupsInfo, build: param('group'), answer: A.groupInfo }),
  route({ method: 'GET', path: 'groups', subject: S.GroupsList, build: none, answer: A.groupList }),
  route({ method: 'PUT', path: 'set-group-status', subject: S.GroupsSetStatus, build: (q) => ({ group: q.get('group') ?? '', status: q.get('status') }), answer: A.empty() }),
  route({ method: 'PUT', path: 'add-canned-policy', subject: S.PoliciesCreate, build: (q, b) => ({ name: q.get('name') ?? '', policy: b.toString('utf8') }), answer: A.empty() }),
  route({ method: 'DELETE', path: 'remove-canned-policy', subject: S.PoliciesDelete, build: param('name'), answer: A.empty() }),
  route({ method: 'GET', path: 'info-canned-policy', subject: S.PoliciesInfo, build: param('name'), answer: A.policyInfo }),
  route({ method: 'GET', path: 'list-canned-policies', subject: S.PoliciesList, build: none, answer: A.policyList }),
  route({ method: 'PUT', path: 'set-user-or-group-policy', subject: S.PolicyMappingsSet, build: setPolicy, answer: A.empty() }),
  // madmin v2 accepts only 201 / 204 here, v3 those or 200 (reference §3.4): empty 201 / 204 suits both.
  route({ method: 'POST', path: 'idp/builtin/policy/attach', subject: S.PolicyMappingsAttach, build: association(false), answer: A.empty(201) }),
  route({ method: 'POST', path: 'idp/builtin/policy/detach', subject: S.PolicyMappingsDetach, build: association(false), answer: A.empty(204) }),
  route({ method: 'POST', path: 'idp/ldap/policy/attach', subject: S.PolicyMappingsAttach, build: association(true), answer: A.association('policiesAttached'), encrypt: true }),
  route({ method: 'POST', path: 'idp/ldap/policy/detach', subject: S.PolicyMappingsDetach, build: association(true), answer: A.association('policiesDetached'), encrypt: true }),
  route({ method: 'GET', path: 'temporary-accounts', subject: S.CredentialsList, build: (q) => present(q, ['user', 'provider']), answer: A.asIs }),
  route({ method: 'GET', path: 'temporary-account-info', subject: S.CredentialsInfo, build: param('accessKey'), answer: A.temporaryAccountInfo, encrypt: true }),
  route({ method: 'POST', path: 'revoke-credentials', subject: S.CredentialsRevoke, build: (_q, b) => ({ selector: jsonObject(b) }), answer: A.asIs }),
  route({ method: 'POST', path: 'revoke-tokens/builtin', subject: S.CredentialsRevoke, build: (q) => minioRevokeTokens(q, (user) => user), answer: A.empty(204) }),
  route({ method: 'POST', path: 'revoke-tokens/ldap', subject: S.CredentialsRevoke, build: (q) => minioRevokeTokens(q, ldapParent), answer: A.empty(204) }),
  route({ method: 'POST', path: 'rotate-signing-key', subject: S.KeysRotate, build: none, answer: A.asIs }),
  route({ method: 'GET', path: 'signing-keys', subject: S.KeysList, build: none, answer: A.asIs }),
];

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

/** `set-user-or-group-policy?isGroup=&policyName=p1,p2&userOrGroup=`: replaces the mapping; empty name removes it. */
function setPolicy(q: URLSearchParams): Record<string, unknown> {
  const isGroup = q.get('isGroup');
  if (isGroup !== 'true' && isGroup !== 'false') throw new StsError('InvalidParameterValue', 'isGroup must be true or false.');
  const policies = (q.get('policyName') ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  return { policies, target: { kind: isGroup === 'true' ? 'group' : 'user', name: q.get('userOrGroup') ?? '' } };
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
