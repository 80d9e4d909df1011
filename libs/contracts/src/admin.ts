import { z } from 'zod';
import { Provider } from './credentials.js';
import { Limits, RequestIdField } from './limits.js';
import { SignedRequest } from './signed-request.js';
import { AdminSubjects } from './subjects.js';

/** Admin bodies are small JSON (a policy is at most 20 KiB); the gateway refuses larger ones. */
export const MAX_ADMIN_BODY_BYTES = 64 * 1024;

/** Where the call came from, as the gateway saw it: the `aws:SourceIp` / `aws:SecureTransport` of admin policies. */
export const ClientInfo = z.object({ sourceIp: z.string().max(Limits.sourceIp), secureTransport: z.boolean() });
export type ClientInfo = z.infer<typeof ClientInfo>;

/**
 * Every admin call carries its signature and the signed body (base64): the issuer authenticates it
 * and derives the operation from them again, the gateway holds no keys (issue 10 item 3).
 */
const Envelope = {
  requestId: RequestIdField,
  signed: SignedRequest,
  body: z.string().max(Math.ceil(MAX_ADMIN_BODY_BYTES / 3) * 4),
  /**
   * For a body madmin encrypted: the key the gateway derived for it (base64), so the issuer reads the
   * signed ciphertext without a second argon2id derivation. It opens this body only (its salt), and
   * the AEAD tags still prove the signed bytes; a secret, never logged.
   */
  bodyKey: z.string().max(64).optional(),
  client: ClientInfo,
};
const admin = <T extends z.ZodRawShape>(shape: T) => z.object({ ...Envelope, ...shape });

const Name = z.string().min(1, 'must not be empty').max(512, 'must be at most 512 characters');
export const UserStatus = z.enum(['enabled', 'disabled']);
export const MappingTarget = z.object({ kind: z.enum(['user', 'group', 'ldap-user', 'ldap-group']), name: Name });
export type MappingTarget = z.infer<typeof MappingTarget>;

export const AdminOk = z.object({ ok: z.literal(true) });
export const UserInfo = z.object({
  accessKey: z.string(), status: UserStatus, policies: z.array(z.string()), memberOf: z.array(z.string()),
  /** RFC 3339: the last change of the user record (MinIO: of its policy mapping). */
  updatedAt: z.string(),
});
export type UserInfo = z.infer<typeof UserInfo>;
export const GroupInfo = z.object({ name: z.string(), status: UserStatus, members: z.array(z.string()), policies: z.array(z.string()), updatedAt: z.string() });
export type GroupInfo = z.infer<typeof GroupInfo>;
export const PolicyInfo = z.object({
  name: z.string(), canned: z.boolean(), policy: z.unknown(),
  /** RFC 3339; absent for canned policies (MinIO omits both dates for built-ins). */
  createdAt: z.string().optional(), updatedAt: z.string().optional(),
});
export type PolicyInfo = z.infer<typeof PolicyInfo>;
export const CredentialSummary = z.object({
  accessKey: z.string(), parent: z.string(), provider: z.string(), expiration: z.string(), roleSessionName: z.string().optional(),
  /** MinIO's `impliedPolicy`: no session policy, so the parent's policies apply as they are. */
  impliedPolicy: z.boolean(),
});
export type CredentialSummary = z.infer<typeof CredentialSummary>;
export const CredentialInfo = CredentialSummary.extend({
  accountStatus: UserStatus,
  policies: z.array(z.string()),
  sessionPolicy: z.unknown().optional(),
  /** The parent's current policies (or all access for root), then narrowed by the session policy. */
  effectivePolicy: z.unknown(),
});
export type CredentialInfo = z.infer<typeof CredentialInfo>;

/** madmin PolicyEntitiesResult: who has which policy, by user, by group and by policy (sorted by name). */
export const PolicyEntities = z.object({
  userMappings: z.array(z.object({ user: z.string(), policies: z.array(z.string()) })).optional(),
  groupMappings: z.array(z.object({ group: z.string(), policies: z.array(z.string()) })).optional(),
  policyMappings: z.array(z.object({ policy: z.string(), users: z.array(z.string()), groups: z.array(z.string()) })).optional(),
});
export type PolicyEntities = z.infer<typeof PolicyEntities>;

/** A service account's status as MinIO reports it; updates also accept enabled/disabled. */
export const ServiceAccountStatus = z.enum(['on', 'off']);
const ServiceAccountStatusInput = z.enum(['on', 'off', 'enabled', 'disabled']).transform((s): 'on' | 'off' => (s === 'on' || s === 'enabled' ? 'on' : 'off'));
/** RFC 3339 time (madmin sends Go times); an embedded policy is a JSON object (madmin json.RawMessage). */
const Time = z.string().max(64);
const EmbeddedPolicy = z.record(z.string(), z.unknown());

/** madmin AddServiceAccountReq (v2 `comment`, v3 `name`, `description`, `expiration`). */
export const AddServiceAccount = {
  targetUser: z.string().max(512).optional(),
  accessKey: z.string().max(128).optional(),
  secretKey: z.string().max(128).optional(),
  policy: EmbeddedPolicy.optional(),
  name: z.string().max(32).optional(),
  description: z.string().max(256).optional(),
  comment: z.string().max(256).optional(),
  expiration: Time.optional(),
};
/** madmin UpdateServiceAccountReq; absent fields keep their value. */
export const UpdateServiceAccount = {
  accessKey: Name,
  newPolicy: EmbeddedPolicy.optional(),
  newSecretKey: z.string().max(128).optional(),
  newStatus: ServiceAccountStatusInput.optional(),
  newName: z.string().max(32).optional(),
  newDescription: z.string().max(256).optional(),
  newComment: z.string().max(256).optional(),
  newExpiration: Time.optional(),
};
export const ServiceAccountInfo = z.object({
  accessKey: z.string(),
  parentUser: z.string(),
  accountStatus: ServiceAccountStatus,
  /** No embedded policy: the parent's policies apply as they are. */
  impliedPolicy: z.boolean(),
  /** The embedded policy, or the parent's merged policy, as JSON text (madmin InfoServiceAccountResp). */
  policy: z.string(),
  name: z.string().optional(),
  description: z.string().optional(),
  comment: z.string().optional(),
  expiration: z.string().optional(),
});
export type ServiceAccountInfo = z.infer<typeof ServiceAccountInfo>;
/** The one answer that carries a secret: the new account's keys, for its creator only. */
export const ServiceAccountCredentials = z.object({ accessKey: z.string(), secretKey: z.string(), expiration: z.string().optional() });

/**
 * What to revoke: one access key; every credential of a parent (optionally only those issued with
 * one `TokenRevokeType`, as MinIO's revoke-tokens); every credential from one provider; everything.
 */
export const RevokeSelector = z.union([
  z.object({ accessKey: Name }).strict(),
  z.object({ user: Name, tokenRevokeType: z.string().min(1).max(Limits.tokenRevokeType).optional() }).strict(),
  z.object({ provider: Name }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);
export type RevokeSelector = z.infer<typeof RevokeSelector>;

/**
 * madmin AccountInfo of the caller (any authenticated identity): its account name (the parent, for
 * derived credentials), the policies that decide its access (the gateway evaluates them per bucket),
 * and the effective policy to show.
 */
export const AccountAccess = z.object({
  accountName: z.string(),
  provider: Provider,
  owner: z.boolean(),
  identityPolicies: z.array(z.unknown()),
  sessionPolicy: z.unknown().optional(),
  claims: z.record(z.string(), z.unknown()).optional(),
  /** What MinIO shows as `Policy`: the merged policy (root: consoleAdmin), narrowed by the session policy when there is one. */
  policy: z.unknown(),
});
export type AccountAccess = z.infer<typeof AccountAccess>;

export const SigningKeyInfo = z.object({
  kid: z.string(),
  state: z.enum(['active', 'verify-only']),
  createdAt: z.string(),
  /** verify-only keys: when the last credential they signed expires, after which the key is removed. */
  retireAt: z.string().optional(),
});
export type SigningKeyInfo = z.infer<typeof SigningKeyInfo>;

/** The admin operations: subject → request and response schemas, declared once. */
export const AdminOperations = {
  /** `status` as madmin's AddOrUpdateUserReq; absent: a new user is enabled, an existing one keeps its status. */
  [AdminSubjects.UsersAdd]: { request: admin({ accessKey: Name, secretKey: z.string(), status: z.string().max(16).optional() }), response: AdminOk },
  [AdminSubjects.UsersRemove]: { request: admin({ accessKey: Name }), response: AdminOk },
  [AdminSubjects.UsersSetStatus]: { request: admin({ accessKey: Name, status: UserStatus }), response: AdminOk },
  [AdminSubjects.UsersInfo]: { request: admin({ accessKey: Name }), response: UserInfo },
  [AdminSubjects.UsersList]: { request: admin({}), response: z.object({ users: z.array(UserInfo) }) },
  [AdminSubjects.GroupsUpdateMembers]: { request: admin({ group: Name, members: z.array(Name).max(1000), isRemove: z.boolean() }), response: AdminOk },
  [AdminSubjects.GroupsInfo]: { request: admin({ group: Name }), response: GroupInfo },
  [AdminSubjects.GroupsList]: { request: admin({}), response: z.object({ groups: z.array(z.string()) }) },
  [AdminSubjects.GroupsSetStatus]: { request: admin({ group: Name, status: UserStatus }), response: AdminOk },
  [AdminSubjects.PoliciesCreate]: { request: admin({ name: Name, policy: z.string().max(20480, 'must be at most 20 KiB') }), response: AdminOk },
  [AdminSubjects.PoliciesDelete]: { request: admin({ name: Name, force: z.boolean().optional() }), response: AdminOk },
  [AdminSubjects.PoliciesInfo]: { request: admin({ name: Name }), response: PolicyInfo },
  /** Name → policy document, canned ones included (MinIO's list-canned-policies). */
  [AdminSubjects.PoliciesList]: { request: admin({}), response: z.object({ policies: z.record(z.string(), z.unknown()) }) },
  [AdminSubjects.PolicyMappingsAttach]: { request: admin({ policies: z.array(Name).min(1).max(100), target: MappingTarget }), response: z.object({ policies: z.array(z.string()) }) },
  [AdminSubjects.PolicyMappingsDetach]: { request: admin({ policies: z.array(Name).min(1).max(100), target: MappingTarget }), response: z.object({ policies: z.array(z.string()) }) },
  /** Replaces the whole mapping (MinIO's set-user-or-group-policy); no policies removes it. */
  [AdminSubjects.PolicyMappingsSet]: { request: admin({ policies: z.array(Name).max(100), target: MappingTarget }), response: z.object({ policies: z.array(z.string()) }) },
  [AdminSubjects.PolicyMappingsEntities]: {
    request: admin({ users: z.array(Name).max(100), groups: z.array(Name).max(100), policies: z.array(Name).max(100) }),
    response: PolicyEntities,
  },
  [AdminSubjects.ServiceAccountsAdd]: { request: admin(AddServiceAccount), response: ServiceAccountCredentials },
  [AdminSubjects.ServiceAccountsList]: { request: admin({ user: z.string().max(512) }), response: z.object({ accounts: z.array(ServiceAccountInfo) }) },
  [AdminSubjects.ServiceAccountsInfo]: { request: admin({ accessKey: Name }), response: ServiceAccountInfo },
  [AdminSubjects.ServiceAccountsUpdate]: { request: admin(UpdateServiceAccount), response: AdminOk },
  [AdminSubjects.ServiceAccountsDelete]: { request: admin({ accessKey: Name }), response: AdminOk },
  [AdminSubjects.CredentialsList]: { request: admin({ user: Name.optional(), provider: z.string().max(64).optional() }), response: z.object({ credentials: z.array(CredentialSummary) }) },
  [AdminSubjects.CredentialsInfo]: { request: admin({ accessKey: Name }), response: CredentialInfo },
  [AdminSubjects.CredentialsRevoke]: { request: admin({ selector: RevokeSelector }), response: z.object({ revoked: z.number().int() }) },
  /** For madmin ServerInfo (`mc admin info`): the issuer's uptime and the configured region. */
  [AdminSubjects.ServerInfo]: { request: admin({}), response: z.object({ uptimeSeconds: z.number().int(), region: z.string().optional() }) },
  [AdminSubjects.AccountInfo]: { request: admin({}), response: AccountAccess },
  /** madmin v3 ListAccessKeysBulk / ListAccessKeysLDAP: each user's service accounts and live temporary credentials. */
  [AdminSubjects.AccessKeysList]: {
    request: admin({ users: z.array(Name).max(100), all: z.boolean(), listType: z.enum(['all', 'sts-only', 'svcacc-only']) }),
    response: z.object({ users: z.record(z.string(), z.object({ serviceAccounts: z.array(ServiceAccountInfo), stsKeys: z.array(CredentialSummary) })) }),
  },
  [AdminSubjects.KeysRotate]: { request: admin({}), response: z.object({ active: z.string(), keys: z.array(SigningKeyInfo) }) },
  [AdminSubjects.KeysList]: { request: admin({}), response: z.object({ active: z.string(), keys: z.array(SigningKeyInfo) }) },
} as const;
export type AdminSubject = keyof typeof AdminOperations;
export type AdminRequest<S extends AdminSubject> = z.infer<(typeof AdminOperations)[S]['request']>;
export type AdminResponse<S extends AdminSubject> = z.infer<(typeof AdminOperations)[S]['response']>;
/** What the gateway adds to a parsed admin call before forwarding it. */
export type AdminEnvelope = { requestId: string; signed: SignedRequest; body: string; bodyKey?: string; client: ClientInfo };

/**
 * Verifies an admin request's signature and answers the signer's secret key, with which the gateway
 * decrypts and encrypts madmin's bodies (the caller proved it holds that secret; never logged).
 */
export const AdminSignerSecretRequest = z.object({ requestId: RequestIdField, signed: SignedRequest });
export type AdminSignerSecretRequest = z.infer<typeof AdminSignerSecretRequest>;
export const AdminSignerSecret = z.object({ accessKey: z.string(), secretKey: z.string() });
export type AdminSignerSecret = z.infer<typeof AdminSignerSecret>;

export const HealthReply = z.object({ app: z.string(), ok: z.boolean() });
export type HealthReply = z.infer<typeof HealthReply>;

/** Published when a user's standing changes, so gateways drop cached credentials derived from it. */
export const UserChangedEvent = z.object({ accessKey: z.string(), change: z.enum(['enabled', 'disabled', 'removed']) });
export type UserChangedEvent = z.infer<typeof UserChangedEvent>;

/** Published after credentials are deleted, so every gateway drops them from its cache at once. */
export const CredentialsRevokedEvent = z.object({ accessKeys: z.array(z.string()) });
export type CredentialsRevokedEvent = z.infer<typeof CredentialsRevokedEvent>;

/** Published after the keyring changed, so every issuer replica reloads it. */
export const KeyringChangedEvent = z.object({ active: z.string() });
export type KeyringChangedEvent = z.infer<typeof KeyringChangedEvent>;
