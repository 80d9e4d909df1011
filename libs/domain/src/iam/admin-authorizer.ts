import { createHash } from 'node:crypto';
import {
  AdminOperations, AdminSubjects, StsError, type AdminEnvelope, type AdminRequest, type AdminSubject, type ClientInfo, type SignedRequest,
} from '#contracts';
import type { LiveCredentialSource } from '../sts/caller-identity.js';
import { authenticateTemporaryCredential } from '../sts/caller-identity.js';
import { findHeader } from '../sts/request-headers.js';
import { parseAuthorization, verifySigV4 } from '../sigv4/index.js';
import { isAllowed, parsePolicy, type PolicyDocument } from '../policy/index.js';
import { decryptMadminBody, decryptMadminBodyWith, looksMadminEncrypted, type MadminAlgorithm } from '../madmin-envelope/madmin-envelope.js';
import type { Clock } from '../ports.js';
import { adminActionsFor } from './admin-actions.js';
import { adminRequestContext, sessionTokenClaims, type AdminCaller } from './admin-request-context.js';
import { adminOperationOf } from './admin-routes.js';
import type { EffectivePolicies } from './effective-policies.js';
import type { LongTermIdentityDirectory } from '../identity/users.js';

const DENIED = 'Access Denied.';

/** An authenticated admin caller with what its policies say. */
interface Authenticated {
  caller: AdminCaller;
  /** The secret the request was signed with: madmin encrypts bodies with it. Never logged. */
  secretKey: string;
  owner: boolean;
  identityPolicies: readonly PolicyDocument[];
  sessionPolicy?: PolicyDocument;
}

/** An authorized admin caller and what its policies say (AccountInfo answers them). */
export interface AuthorizedAdminCaller extends AdminCaller {
  owner: boolean;
  identityPolicies: readonly PolicyDocument[];
  sessionPolicy?: PolicyDocument;
}

/** What an admin call carries besides its operation's fields. */
export type AdminCall = Pick<AdminEnvelope, 'signed' | 'client'>;

/** Operations that change a user's secret or standing: never on the parent of the signing temporary credential. */
const PARENT_CHANGES: ReadonlySet<AdminSubject> = new Set([AdminSubjects.UsersAdd, AdminSubjects.UsersSetStatus, AdminSubjects.UsersRemove]);

/** The builtin user an operation changes or reads, for `admin:TargetUser`. */
function targetUserOf(subject: AdminSubject, request: Record<string, unknown>): string | undefined {
  if (typeof request.accessKey === 'string' && subject.startsWith('sts.admin.users.')) return request.accessKey;
  // A service account acts as its parent: creating or listing one targets that user.
  if (subject === AdminSubjects.ServiceAccountsAdd && typeof request.targetUser === 'string' && request.targetUser) return request.targetUser;
  if (subject === AdminSubjects.ServiceAccountsList && typeof request.user === 'string' && request.user) return request.user;
  const target = request.target as { kind?: string; name?: string } | undefined;
  return target?.kind === 'user' ? target.name : undefined;
}

/** An encrypted signed body, with the gateway's key for it when given (AEAD-checked), else derived here. */
async function openSignedBody(signedBody: Buffer, secretKey: string, bodyKey: string | undefined): Promise<Buffer> {
  if (!bodyKey) return decryptMadminBody(secretKey, signedBody);
  const algorithm = signedBody[32] as MadminAlgorithm;
  return decryptMadminBodyWith({ salt: signedBody.subarray(0, 32), algorithm, key: Buffer.from(bodyKey, 'base64') }, signedBody);
}

/**
 * Admin calls are signed like madmin's (service `s3`) by the root user, by a builtin user whose
 * policies allow the `admin:` action, or by temporary credentials whose parent's policies (narrowed
 * by the session policy) allow it, as MinIO lets STS credentials use the admin API. Policies see the
 * whole request context (source address, transport, time, caller, claims), as MinIO's do.
 */
export class AdminAuthorizer {
  constructor(
    private readonly identities: LongTermIdentityDirectory,
    private readonly temporary: LiveCredentialSource,
    private readonly effective: EffectivePolicies,
    private readonly clock: Clock,
    private readonly region: string | undefined,
  ) {}

  /**
   * Authorizes an admin operation. What is authorized is what the signed request says (method, path,
   * query, body), read again here: a message whose subject or fields differ from it is refused, so a
   * signed call cannot be replayed as another operation (issue 10 item 3).
   */
  async authorizeOperation<S extends AdminSubject>(subject: S, request: AdminRequest<S> & AdminEnvelope): Promise<AuthorizedAdminCaller> {
    const authenticated = await this.authenticate(request.signed);
    await this.requireSignedOperation(subject, request, authenticated.secretKey);
    const target = targetUserOf(subject, request);
    if (authenticated.caller.temporary && PARENT_CHANGES.has(subject) && target === authenticated.caller.username) {
      throw new StsError('AccessDenied', 'Temporary credentials cannot change the secret or status of the user they derive from.', { admin: 'XMinioIAMActionNotAllowed' });
    }
    this.allow(authenticated, request.client, adminActionsFor(subject, request), target);
    const { caller, owner, identityPolicies, sessionPolicy } = authenticated;
    return { ...caller, owner, identityPolicies, ...(sessionPolicy ? { sessionPolicy } : {}) };
  }

  /** Authorizes one or more actions for a signed call, without an operation (tests, future routes). */
  async authorize(call: AdminCall, actions: readonly string[], targetUser?: string): Promise<AdminCaller> {
    const authenticated = await this.authenticate(call.signed);
    this.allow(authenticated, call.client, actions, targetUser);
    return authenticated.caller;
  }

  /**
   * Verifies the signature and answers who signed with which secret: madmin encrypts bodies with
   * that secret (the temporary one for STS credentials), so the gateway needs it after this check.
   */
  async signerSecret(signed: SignedRequest): Promise<{ accessKey: string; secretKey: string }> {
    const { caller, secretKey } = await this.authenticate(signed);
    return { accessKey: caller.accessKey, secretKey };
  }

  /** The signed body is what counts; a body madmin encrypted is read with the signer's secret. */
  private async requireSignedOperation<S extends AdminSubject>(subject: S, request: AdminRequest<S> & AdminEnvelope, secretKey: string): Promise<void> {
    const signedBody = Buffer.from(request.body, 'base64');
    if (createHash('sha256').update(signedBody).digest('hex') !== request.signed.payloadHash) {
      throw new StsError('AccessDenied', 'The admin request body does not match the signed request.');
    }
    const body = looksMadminEncrypted(signedBody) ? await openSignedBody(signedBody, secretKey, request.bodyKey) : signedBody;
    const { route, fields } = adminOperationOf(request.signed.method, request.signed.path, request.signed.query, body);
    const envelope = { requestId: request.requestId, signed: request.signed, body: request.body, ...(request.bodyKey ? { bodyKey: request.bodyKey } : {}), client: request.client };
    const derived = AdminOperations[subject].request.safeParse({ ...fields, ...envelope });
    if (route.subject !== subject || !derived.success || JSON.stringify(derived.data) !== JSON.stringify(request)) {
      throw new StsError('AccessDenied', 'The admin operation does not match the signed request.');
    }
  }

  private allow(who: Authenticated, client: ClientInfo, actions: readonly string[], targetUser: string | undefined): void {
    if (who.owner && !who.sessionPolicy) return;
    const context = adminRequestContext(who.caller, client, this.clock.now(), targetUser);
    for (const action of actions) {
      const input = { identityPolicies: who.identityPolicies, owner: who.owner, sessionPolicy: who.sessionPolicy, request: { action, context } };
      if (!isAllowed(input)) throw new StsError('AccessDenied', DENIED);
    }
  }

  private async authenticate(signed: SignedRequest): Promise<Authenticated> {
    const authorization = findHeader(signed, 'authorization');
    if (!authorization) throw new StsError('AccessDenied', 'Admin requests must be signed with AWS Signature Version 4.');
    if (findHeader(signed, 'x-amz-security-token') !== undefined) return this.authenticateTemporary(signed);
    const { accessKey } = parseAuthorization(authorization);
    const identity = await this.identities.find(accessKey);
    if (!identity) throw new StsError('InvalidClientTokenId', 'The Access Key Id you provided does not exist in our records.');
    verifySigV4(signed, identity.secretKey, { now: new Date(this.clock.now()), service: 's3', region: this.region });
    if (!identity.enabled) throw new StsError('AccessDenied', 'Your account is disabled; please contact your administrator.', { admin: 'InvalidAccessKeyId' });
    // A service account acts as its parent, narrowed by its embedded policy (MinIO IsAllowedServiceAccount).
    const parent = identity.serviceAccount?.parent ?? accessKey;
    const embedded = identity.serviceAccount?.policy;
    const sessionPolicy = embedded ? parsePolicy(embedded) : undefined;
    const caller: AdminCaller = { accessKey, username: parent, provider: identity.provider, temporary: false };
    const { secretKey } = identity;
    if (identity.provider === 'root') return { caller, secretKey, owner: true, identityPolicies: [], sessionPolicy };
    const policies = await this.effective.of({ parent, provider: identity.provider });
    return { caller, secretKey, owner: false, identityPolicies: policies.documents, sessionPolicy };
  }

  private async authenticateTemporary(signed: SignedRequest): Promise<Authenticated> {
    const credential = await authenticateTemporaryCredential(signed, this.temporary, this.clock, this.region, 's3');
    const policies = await this.effective.of(credential);
    const token = findHeader(signed, 'x-amz-security-token') ?? '';
    const caller: AdminCaller = {
      accessKey: credential.accessKey, username: credential.parent, provider: credential.provider, temporary: true, claims: sessionTokenClaims(token),
    };
    const sessionPolicy = credential.sessionPolicy ? parsePolicy(credential.sessionPolicy) : undefined;
    return { caller, secretKey: credential.secretKey, owner: policies.owner, identityPolicies: policies.documents, sessionPolicy };
  }
}
