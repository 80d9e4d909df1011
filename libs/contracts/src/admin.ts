import { z } from 'zod';
import { Limits, RequestIdField } from './limits.js';
import { SignedRequest } from './signed-request.js';
import { AdminSubjects } from './subjects.js';

/**
 * Every admin call carries its signature: the issuer authenticates it, the gateway holds no keys.
 * `sourceIp` (the caller's address as the gateway saw it) is for the audit trail only.
 */
const Envelope = { requestId: RequestIdField, signed: SignedRequest, sourceIp: z.string().max(64).optional() };
const admin = <T extends z.ZodRawShape>(shape: T) => z.object({ ...Envelope, ...shape });

const Name = z.string().min(1, 'must not be empty').max(512, 'must be at most 512 characters');
export const UserStatus = z.enum(['enabled', 'disabled']);
export const MappingTarget = z.object({ kind: z.enum(['user', 'group', 'ldap-user', 'ldap-group']), name: Name });
export type MappingTarget = z.infer<typeof MappingTarget>;

export const AdminOk = z.object({ ok: z.literal(true) });
export const UserInfo = z.object({ accessKey: z.string(), status: UserStatus, policies: z.array(z.string()), memberOf: z.array(z.string()) });
export type UserInfo = z.infer<typeof UserInfo>;
export const GroupInfo = z.object({ name: z.string(), members: z.array(z.string()), policies: z.array(z.string()) });
export type GroupInfo = z.infer<typeof GroupInfo>;
export const PolicyInfo = z.object({ name: z.string(), canned: z.boolean(), policy: z.unknown() });
export type PolicyInfo = z.infer<typeof PolicyInfo>;
export const CredentialSummary = z.object({
  accessKey: z.string(), parent: z.string(), provider: z.string(), expiration: z.string(), roleSessionName: z.string().optional(),
});
export type CredentialSummary = z.infer<typeof CredentialSummary>;
export const CredentialInfo = CredentialSummary.extend({
  accountStatus: UserStatus,
  /** MinIO's `impliedPolicy`: no session policy, so the parent's policies apply as they are. */
  impliedPolicy: z.boolean(),
  policies: z.array(z.string()),
  sessionPolicy: z.unknown().optional(),
  /** The parent's current policies (or all access for root), then narrowed by the session policy. */
  effectivePolicy: z.unknown(),
});
export type CredentialInfo = z.infer<typeof CredentialInfo>;

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
  [AdminSubjects.UsersAdd]: { request: admin({ accessKey: Name, secretKey: z.string() }), response: AdminOk },
  [AdminSubjects.UsersRemove]: { request: admin({ accessKey: Name }), response: AdminOk },
  [AdminSubjects.UsersSetStatus]: { request: admin({ accessKey: Name, status: UserStatus }), response: AdminOk },
  [AdminSubjects.UsersInfo]: { request: admin({ accessKey: Name }), response: UserInfo },
  [AdminSubjects.UsersList]: { request: admin({}), response: z.object({ users: z.array(UserInfo) }) },
  [AdminSubjects.GroupsUpdateMembers]: { request: admin({ group: Name, members: z.array(Name).max(1000), isRemove: z.boolean() }), response: AdminOk },
  [AdminSubjects.GroupsInfo]: { request: admin({ group: Name }), response: GroupInfo },
  [AdminSubjects.GroupsList]: { request: admin({}), response: z.object({ groups: z.array(z.string()) }) },
  [AdminSubjects.PoliciesCreate]: { request: admin({ name: Name, policy: z.string().max(20480, 'must be at most 20 KiB') }), response: AdminOk },
  [AdminSubjects.PoliciesDelete]: { request: admin({ name: Name }), response: AdminOk },
  [AdminSubjects.PoliciesInfo]: { request: admin({ name: Name }), response: PolicyInfo },
  [AdminSubjects.PoliciesList]: { request: admin({}), response: z.object({ policies: z.array(z.string()) }) },
  [AdminSubjects.PolicyMappingsAttach]: { request: admin({ policies: z.array(Name).min(1).max(100), target: MappingTarget }), response: z.object({ policies: z.array(z.string()) }) },
  [AdminSubjects.PolicyMappingsDetach]: { request: admin({ policies: z.array(Name).min(1).max(100), target: MappingTarget }), response: z.object({ policies: z.array(z.string()) }) },
  [AdminSubjects.CredentialsList]: { request: admin({ user: Name.optional(), provider: z.string().max(64).optional() }), response: z.object({ credentials: z.array(CredentialSummary) }) },
  [AdminSubjects.CredentialsInfo]: { request: admin({ accessKey: Name }), response: CredentialInfo },
  [AdminSubjects.CredentialsRevoke]: { request: admin({ selector: RevokeSelector }), response: z.object({ revoked: z.number().int() }) },
  [AdminSubjects.KeysRotate]: { request: admin({}), response: z.object({ active: z.string(), keys: z.array(SigningKeyInfo) }) },
  [AdminSubjects.KeysList]: { request: admin({}), response: z.object({ active: z.string(), keys: z.array(SigningKeyInfo) }) },
} as const;
export type AdminSubject = keyof typeof AdminOperations;
export type AdminRequest<S extends AdminSubject> = z.infer<(typeof AdminOperations)[S]['request']>;
export type AdminResponse<S extends AdminSubject> = z.infer<(typeof AdminOperations)[S]['response']>;
/** What the gateway adds to a parsed admin call before forwarding it. */
export type AdminEnvelope = { requestId: string; signed: SignedRequest; sourceIp?: string };

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
