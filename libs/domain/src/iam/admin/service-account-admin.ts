import { StsError, type AdminRequest, type AdminSubjects, type ServiceAccountInfo } from '#contracts';
import { generateAccessKey, generateSecretKey } from '../../credentials/access-keys.js';
import { normalizePolicy, parsePolicy } from '../../policy/index.js';
import type { Clock, RandomSource } from '../../ports.js';
import type { SecretSealer } from '../../sealing/secret-sealer.js';
import { serviceAccountSecretContext, type ServiceAccountRecord, type ServiceAccountStore } from '../../identity/service-accounts.js';
import type { RootCredentials, UserStore } from '../../identity/users.js';
import type { EffectivePolicies } from '../effective-policies.js';

type AddRequest = Omit<AdminRequest<typeof AdminSubjects.ServiceAccountsAdd>, 'requestId' | 'signed' | 'body' | 'client'>;
type UpdateRequest = Omit<AdminRequest<typeof AdminSubjects.ServiceAccountsUpdate>, 'requestId' | 'signed' | 'body' | 'client'>;

const ACCESS_KEY = /^[A-Za-z0-9_.@+-]{3,20}$/;
/** MinIO's limit on an embedded policy, serialised. */
const MAX_POLICY_BYTES = 16 * 1024;
const ALL_ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['*'], Resource: ['*'] }] };
const notFound = (accessKey: string) => new StsError('NotFound', `The specified service account is not found: ${accessKey}`, { admin: 'NoSuchAccessKey' });

/** Service accounts with MinIO's semantics (reference §3.6): a parent, an optional narrowing policy, expiry, status. */
export class ServiceAccountAdmin {
  constructor(
    private readonly accounts: ServiceAccountStore,
    private readonly users: UserStore,
    private readonly effective: EffectivePolicies,
    private readonly sealer: SecretSealer,
    private readonly random: RandomSource,
    private readonly clock: Clock,
    private readonly root: RootCredentials,
  ) {}

  /**
   * Without a targetUser the account is the caller's: for a temporary credential or a service
   * account, its parent's (MinIO). `caller.accessKey` is the signing key itself.
   */
  async add(caller: { accessKey: string; username: string }, request: AddRequest): Promise<{ accessKey: string; secretKey: string; expiration?: string }> {
    const parent = request.targetUser || caller.username;
    // A root key for anyone allowed to create service accounts would be an escalation: only root
    // itself may give the root user a service account (MinIO refuses it to others as well).
    if (parent === this.root.accessKey && caller.accessKey !== this.root.accessKey) {
      throw new StsError('AccessDenied', 'Only the root user may create service accounts for the root user', { admin: 'XMinioIAMActionNotAllowed' });
    }
    if (parent !== this.root.accessKey && !(await this.users.get(parent))) throw new StsError('NotFound', `Specified target user ${parent} does not exist`, { admin: 'XMinioAdminNoSuchUser' });
    const accessKey = request.accessKey || generateAccessKey(this.random);
    const secretKey = request.secretKey || generateSecretKey(this.random);
    if (!ACCESS_KEY.test(accessKey)) throw new StsError('InvalidParameterValue', 'Access key must be 3 to 20 characters of letters, digits and _.@+-', { admin: 'XMinioAdminInvalidAccessKey' });
    checkSecret(secretKey);
    if (accessKey === this.root.accessKey || (await this.users.get(accessKey)) || (await this.accounts.get(accessKey))) {
      throw new StsError('InvalidParameterValue', `The access key ${accessKey} is already in use`, { admin: 'XMinioIAMServiceAccountNotAllowed' });
    }
    const now = this.clock.now();
    const expiresAt = request.expiration ? this.futureTime(request.expiration) : undefined;
    await this.accounts.put({
      version: 1, accessKey, secretKey: this.sealer.seal(secretKey, serviceAccountSecretContext(accessKey)), parent, status: 'on',
      ...optional({ policy: request.policy && embeddedPolicy(request.policy), name: request.name, description: request.description, comment: request.comment, expiresAt }),
      createdAt: now, updatedAt: now,
    });
    return { accessKey, secretKey, ...(expiresAt ? { expiration: new Date(expiresAt).toISOString() } : {}) };
  }

  /** The parent's merged policy is computed once for all its inheriting accounts. */
  async list(parent: string): Promise<ServiceAccountInfo[]> {
    const accounts = (await this.accounts.list(parent)).sort((a, b) => a.accessKey.localeCompare(b.accessKey));
    const inherited = accounts.some((a) => a.policy === undefined) ? await this.parentPolicy(parent) : undefined;
    return accounts.map((a) => this.describe(a, inherited));
  }

  /** Every parent that has a service account. */
  async parents(): Promise<string[]> {
    return [...new Set((await this.accounts.list()).map((a) => a.parent))];
  }

  async info(accessKey: string): Promise<ServiceAccountInfo> {
    const account = await this.existing(accessKey);
    return this.describe(account, account.policy === undefined ? await this.parentPolicy(account.parent) : undefined);
  }

  /** Absent fields keep their value: unlike MinIO, an update without `newPolicy` keeps the embedded policy. */
  async update(request: UpdateRequest): Promise<void> {
    const account = await this.existing(request.accessKey);
    if (request.newSecretKey !== undefined) checkSecret(request.newSecretKey);
    const changed: ServiceAccountRecord = {
      ...account,
      ...optional({
        secretKey: request.newSecretKey === undefined ? undefined : this.sealer.seal(request.newSecretKey, serviceAccountSecretContext(account.accessKey)),
        status: request.newStatus, policy: request.newPolicy && embeddedPolicy(request.newPolicy), name: request.newName,
        description: request.newDescription, comment: request.newComment, expiresAt: request.newExpiration ? this.futureTime(request.newExpiration) : undefined,
      }),
      updatedAt: this.clock.now(),
    };
    await this.accounts.put(changed);
  }

  async delete(accessKey: string): Promise<void> {
    if (!(await this.accounts.remove(accessKey))) throw notFound(accessKey);
  }

  /** A removed user's service accounts go with it (MinIO DeleteUser). */
  async deleteAllOf(parent: string): Promise<string[]> {
    const accounts = await this.accounts.list(parent);
    for (const account of accounts) await this.accounts.remove(account.accessKey);
    return accounts.map((a) => a.accessKey);
  }

  private async existing(accessKey: string): Promise<ServiceAccountRecord> {
    const account = await this.accounts.get(accessKey);
    if (!account) throw notFound(accessKey);
    return account;
  }

  /** madmin InfoServiceAccountResp: `policy` is JSON text, the embedded policy or the parent's merged one. */
  private describe(account: ServiceAccountRecord, parentPolicy: unknown): ServiceAccountInfo {
    return {
      accessKey: account.accessKey,
      parentUser: account.parent,
      accountStatus: account.status,
      impliedPolicy: account.policy === undefined,
      policy: JSON.stringify(account.policy ? JSON.parse(account.policy) : parentPolicy, null, 1),
      ...optional({ name: account.name, description: account.description, comment: account.comment }),
      ...(account.expiresAt ? { expiration: new Date(account.expiresAt).toISOString() } : {}),
    };
  }

  private async parentPolicy(parent: string): Promise<unknown> {
    if (parent === this.root.accessKey) return ALL_ACCESS;
    const { documents } = await this.effective.of({ parent, provider: 'builtin' });
    return { Version: '2012-10-17', Statement: documents.flatMap((d) => (JSON.parse(normalizePolicy(d)) as { Statement: unknown[] }).Statement) };
  }

  private futureTime(text: string): number {
    const time = Date.parse(text);
    if (Number.isNaN(time) || time <= this.clock.now()) throw new StsError('InvalidParameterValue', 'The expiration must be a time in the future.');
    return time;
  }
}

function checkSecret(secretKey: string): void {
  if (secretKey.length < 8 || secretKey.length > 40) throw new StsError('InvalidParameterValue', 'Secret key must be 8 to 40 characters', { admin: 'XMinioAdminInvalidSecretKey' });
}

function embeddedPolicy(policy: Record<string, unknown>): string {
  const normalized = normalizePolicy(parsePolicy(policy));
  if (Buffer.byteLength(normalized) > MAX_POLICY_BYTES) throw new StsError('InvalidParameterValue', 'The embedded policy is larger than 16 KiB.', { admin: 'XMinioIAMServiceAccountSessionPolicyTooLarge' });
  return normalized;
}

/** Only the fields that are set, so absent ones neither overwrite nor appear. */
function optional<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}
