import type { BucketAccess } from './s3/account-buckets.js';
import { StsError, type AdminRequest, type AdminResponse, type AdminSubject, AdminSubjects as S, type CredentialInfo, type CredentialSummary, type GroupInfo, type PolicyInfo, type ServiceAccountInfo, type UserInfo } from '#contracts';

/**
 * MinIO's admin JSON, field for field, as madmin-go decodes it (reference §3): what each route
 * answers, with which status. `body: undefined` is MinIO's empty 200/201/204 answer.
 */
export interface AdminAnswer {
  status: number;
  body?: unknown;
}

export interface AnswerContext<T extends AdminSubject> {
  query: URLSearchParams;
  request: AdminRequest<T>;
  /** The request's User-Agent (unsigned): only ever used to pick between two shapes of one answer. */
  userAgent?: string;
  /** `STS_ADMIN_SERVICE_ACCOUNT_LIST`: the list-service-accounts shape when the client does not tell. */
  serviceAccountList?: ServiceAccountListShape;
  /** accountinfo: the S3 backend's buckets the caller may read or write. */
  buckets?: readonly BucketAccess[];
}

export type ServiceAccountListShape = 'strings' | 'objects';

export type Answer<T extends AdminSubject = AdminSubject> = (result: AdminResponse<T>, context: AnswerContext<T>) => AdminAnswer;

/** Go's zero time, which MinIO writes for a time that was never set. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

export const empty = (status = 200): Answer => () => ({ status });
export const asIs: Answer = (result) => ({ status: 200, body: result });

/** madmin UserInfo: `policyName` comma-joined and `memberOf` omitted when empty. */
export function minioUserInfo(user: UserInfo) {
  return {
    ...(user.policies.length > 0 ? { policyName: user.policies.join(',') } : {}),
    status: user.status,
    ...(user.memberOf.length > 0 ? { memberOf: user.memberOf } : {}),
    updatedAt: user.updatedAt || ZERO_TIME,
  };
}

export const userInfo: Answer<typeof S.UsersInfo> = (user) => ({ status: 200, body: minioUserInfo(user) });

/** An object access key → UserInfo (encrypted by the route). */
export const userList: Answer<typeof S.UsersList> = ({ users }) => ({
  status: 200,
  body: Object.fromEntries(users.map((u) => [u.accessKey, minioUserInfo(u)])),
});

/** madmin GroupDesc; a disabled group reports no policy, as MinIO (its members get none of it). */
export const groupInfo: Answer<typeof S.GroupsInfo> = (group: GroupInfo) => ({
  status: 200,
  body: {
    name: group.name,
    status: group.status,
    members: group.members.length > 0 ? group.members : null,
    policy: group.status === 'enabled' ? group.policies.join(',') : '',
    updatedAt: group.updatedAt,
  },
});

export const groupList: Answer<typeof S.GroupsList> = ({ groups }) => ({ status: 200, body: groups });

/** v1: the document itself; v2: madmin PolicyInfo, PascalCase, dates omitted for canned policies. */
export const policyInfo: Answer<typeof S.PoliciesInfo> = (info: PolicyInfo, { query }) => {
  const version = query.get('v');
  if (version === null) return { status: 200, body: info.policy };
  if (version !== '2') throw new StsError('InvalidParameterValue', `Unknown info-canned-policy version ${version}; use v=2 or none.`);
  const dates = info.createdAt && info.updatedAt ? { CreateDate: info.createdAt, UpdateDate: info.updatedAt } : {};
  return { status: 200, body: { PolicyName: info.name, Policy: info.policy, ...dates } };
};

export const policyList: Answer<typeof S.PoliciesList> = ({ policies }) => ({ status: 200, body: policies });

/** madmin PolicyAssociationResp for the LDAP routes (encrypted by the route). */
export const association = (key: 'policiesAttached' | 'policiesDetached'): Answer<typeof S.PolicyMappingsAttach> => (_result, { request }) => ({
  status: 200,
  body: { [key]: request.policies, updatedAt: new Date().toISOString() },
});

/**
 * madmin's InfoServiceAccountResp shape for a temporary account (`accountStatus` on/off, `policy`
 * as JSON text), plus our own fields, which madmin ignores.
 */
export const temporaryAccountInfo: Answer<typeof S.CredentialsInfo> = (info: CredentialInfo) => ({
  status: 200,
  body: {
    parentUser: info.parent,
    accountStatus: info.accountStatus === 'enabled' ? 'on' : 'off',
    impliedPolicy: info.impliedPolicy,
    policy: JSON.stringify(info.sessionPolicy ?? info.effectivePolicy, null, 1),
    comment: '',
    expiration: info.expiration,
    accessKey: info.accessKey,
    provider: info.provider,
    roleSessionName: info.roleSessionName,
    policies: info.policies,
    effectivePolicy: info.effectivePolicy,
  },
});

/** madmin AddServiceAccountResp; the one answer with a secret, always encrypted. */
export const serviceAccountCreated: Answer<typeof S.ServiceAccountsAdd> = (credentials) => ({ status: 200, body: { credentials } });

const MADMIN_VERSION = /\bmadmin-go\/(\d+)\.(\d+)\.(\d+)/;

/**
 * Which `accounts` element madmin decodes (reference §3.6): access keys up to v2.1, objects from
 * v2.2 on. madmin v3.0.1 and later say so in their User-Agent (`madmin-go/3.0.70`); v2.0.x to v3.0.0
 * all send `madmin-go/2.0.0`, so for them (and for clients that are not madmin) the setting decides.
 */
export function serviceAccountListShape(userAgent: string | undefined, fallback: ServiceAccountListShape = 'strings'): ServiceAccountListShape {
  const version = MADMIN_VERSION.exec(userAgent ?? '');
  if (!version) return fallback;
  const [major, minor, patch] = version.slice(1).map(Number);
  return major > 3 || (major === 3 && (minor > 0 || patch > 0)) ? 'objects' : fallback;
}

/**
 * madmin ListServiceAccountsResp: access keys (madmin ≤ v2.1, Debian's 2.0.7) or madmin v3's
 * ServiceAccountInfo objects (current `mc`); `null` when none, as MinIO.
 */
export const serviceAccountList: Answer<typeof S.ServiceAccountsList> = ({ accounts }, { userAgent, serviceAccountList: fallback }) => {
  if (accounts.length === 0) return { status: 200, body: { accounts: null } };
  if (serviceAccountListShape(userAgent, fallback) === 'strings') return { status: 200, body: { accounts: accounts.map((a) => a.accessKey) } };
  return { status: 200, body: { accounts: accounts.map(accessKeyInfo) } };
};

/** madmin v3 ServiceAccountInfo, the element of its access-key listings. */
function accessKeyInfo(a: ServiceAccountInfo) {
  return {
    parentUser: a.parentUser, accountStatus: a.accountStatus, impliedPolicy: a.impliedPolicy, accessKey: a.accessKey,
    ...(a.name ? { name: a.name } : {}), ...(a.description ? { description: a.description } : {}), ...(a.expiration ? { expiration: a.expiration } : {}),
  };
}

/** A live temporary credential in the same shape (it is on while it lives). */
const stsKeyInfo = (c: CredentialSummary) => ({ parentUser: c.parent, accountStatus: 'on', impliedPolicy: c.impliedPolicy, accessKey: c.accessKey, expiration: c.expiration });

type AccessKeys = AdminResponse<typeof S.AccessKeysList>['users'][string];
const accessKeysOf = (keys: AccessKeys) => ({ serviceAccounts: keys.serviceAccounts.map(accessKeyInfo), stsKeys: keys.stsKeys.map(stsKeyInfo) });

/** madmin v3 ListAccessKeysBulk: user → ListAccessKeysResp (encrypted by the route). */
export const accessKeysByUser: Answer<typeof S.AccessKeysList> = ({ users }) => ({
  status: 200, body: Object.fromEntries(Object.entries(users).map(([user, keys]) => [user, accessKeysOf(keys)])),
});

/** madmin v3 ListAccessKeysLDAP: the one user's ListAccessKeysResp (encrypted by the route). */
export const accessKeysOfUser: Answer<typeof S.AccessKeysList> = ({ users }) => ({
  status: 200, body: accessKeysOf(Object.values(users)[0] ?? { serviceAccounts: [], stsKeys: [] }),
});

/** madmin InfoServiceAccountResp, v2 and v3 fields together (madmin ignores the ones it does not know). */
export const serviceAccountInfo: Answer<typeof S.ServiceAccountsInfo> = (info) => {
  const { accessKey: _accessKey, ...minio } = info;
  return { status: 200, body: { comment: '', ...minio } };
};

/**
 * madmin InfoMessage, the smallest body `mc admin info` prints (reference §3.7): one online server
 * (this gateway as the client addressed it), no buckets or drives — there is no object storage here.
 */
export const serverInfo: Answer<typeof S.ServerInfo> = ({ uptimeSeconds, region }, { request }) => {
  const endpoint = request.signed.headers.find(([name]) => name.toLowerCase() === 'host')?.[1] ?? '';
  return {
    status: 200,
    body: {
      mode: 'online', ...(region ? { region } : {}),
      buckets: { count: 0 }, objects: { count: 0 }, usage: { size: 0 }, backend: { backendType: 'FS' },
      servers: [{ state: 'online', endpoint, scheme: 'http', uptime: uptimeSeconds, version: 'nats-sts', network: { [endpoint]: 'online' }, drives: [] }],
    },
  };
};

/**
 * madmin AccountInfo (reference §3.7), PascalCase at the top level as MinIO writes it: the account,
 * an FS backend, the effective policy as an object, and the buckets with their read/write access
 * (sizes and object counts are the backend's business, not known here: zero).
 */
export const accountInfo: Answer<typeof S.AccountInfo> = (access, { buckets = [] }) => ({
  status: 200,
  body: {
    AccountName: access.accountName,
    Server: { Type: 1, GatewayOnline: false, OnlineDisks: {}, OfflineDisks: {}, StandardSCData: null, StandardSCParity: 0, RRSCData: null, RRSCParity: 0, TotalSets: null, DrivesPerSet: null },
    Policy: access.policy,
    Buckets: buckets.map((b) => ({
      name: b.name, size: 0, objects: 0, objectHistogram: null,
      details: { versioning: false, versioningSuspended: false, locking: false, replication: false, tags: null, quota: null },
      prefixUsage: null, created: b.created || ZERO_TIME, access: { read: b.read, write: b.write },
    })),
  },
});

/** madmin PolicyEntitiesResult (encrypted by the route). */
export const policyEntities: Answer<typeof S.PolicyMappingsEntities> = (result) => ({ status: 200, body: { timestamp: new Date().toISOString(), ...result } });

/** What a route answers and whether madmin expects it encrypted with the signer's secret (reference §2.5). */
export interface AnswerRule<T extends AdminSubject = AdminSubject> {
  answer: Answer<T>;
  encrypt?: boolean;
}

const rule = <T extends AdminSubject>(_subject: T, answer: Answer<T>, encrypt = false): AnswerRule => ({ answer: answer as Answer, encrypt });

/** Every admin route's answer, by its path under `/minio/admin/v3/` (admin-answers.spec checks none is missing). */
export const ADMIN_ANSWERS: Readonly<Record<string, AnswerRule>> = {
  'add-user': rule(S.UsersAdd, empty()),
  'remove-user': rule(S.UsersRemove, empty()),
  'set-user-status': rule(S.UsersSetStatus, empty()),
  'user-info': rule(S.UsersInfo, userInfo),
  'list-users': rule(S.UsersList, userList, true),
  'update-group-members': rule(S.GroupsUpdateMembers, empty()),
  group: rule(S.GroupsInfo, groupInfo),
  groups: rule(S.GroupsList, groupList),
  'set-group-status': rule(S.GroupsSetStatus, empty()),
  'add-canned-policy': rule(S.PoliciesCreate, empty()),
  'remove-canned-policy': rule(S.PoliciesDelete, empty()),
  'info-canned-policy': rule(S.PoliciesInfo, policyInfo),
  'list-canned-policies': rule(S.PoliciesList, policyList),
  'set-user-or-group-policy': rule(S.PolicyMappingsSet, empty()),
  // madmin v2 accepts only 201 / 204 here, v3 those or 200 (reference §3.4): empty 201 / 204 suits both.
  'idp/builtin/policy/attach': rule(S.PolicyMappingsAttach, empty(201)),
  'idp/builtin/policy/detach': rule(S.PolicyMappingsDetach, empty(204)),
  'idp/ldap/policy/attach': rule(S.PolicyMappingsAttach, association('policiesAttached'), true),
  'idp/ldap/policy/detach': rule(S.PolicyMappingsDetach, association('policiesDetached'), true),
  'add-service-account': rule(S.ServiceAccountsAdd, serviceAccountCreated, true),
  'list-service-accounts': rule(S.ServiceAccountsList, serviceAccountList, true),
  'info-service-account': rule(S.ServiceAccountsInfo, serviceAccountInfo, true),
  'update-service-account': rule(S.ServiceAccountsUpdate, empty(204)),
  'delete-service-account': rule(S.ServiceAccountsDelete, empty(204)),
  'idp/builtin/policy-entities': rule(S.PolicyMappingsEntities, policyEntities, true),
  'idp/ldap/policy-entities': rule(S.PolicyMappingsEntities, policyEntities, true),
  'temporary-accounts': rule(S.CredentialsList, asIs),
  'temporary-account-info': rule(S.CredentialsInfo, temporaryAccountInfo, true),
  'revoke-credentials': rule(S.CredentialsRevoke, asIs),
  'revoke-tokens/builtin': rule(S.CredentialsRevoke, empty(204)),
  'revoke-tokens/ldap': rule(S.CredentialsRevoke, empty(204)),
  info: rule(S.ServerInfo, serverInfo),
  accountinfo: rule(S.AccountInfo, accountInfo),
  'list-access-keys-bulk': rule(S.AccessKeysList, accessKeysByUser, true),
  'idp/ldap/list-access-keys': rule(S.AccessKeysList, accessKeysOfUser, true),
  'rotate-signing-key': rule(S.KeysRotate, asIs),
  'signing-keys': rule(S.KeysList, asIs),
};
