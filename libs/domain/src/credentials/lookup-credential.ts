import type { LiveCredential } from '#contracts';
import type { UserRecord, UserStore } from '../identity/users.js';
import type { Clock } from '../ports.js';
import { credentialSecretContext, type CredentialRecord, type CredentialStore } from './credential-record.js';
import type { SecretSealer } from '../sealing/secret-sealer.js';
import type { SessionClaims } from './session-token.js';
import type { SigningKeyring } from './signing-keyring.js';
import { tokenMatchesDigest } from './session-token-digest.js';

/**
 * Serves gateways that miss their cache: the stored record with its secret unsealed and its
 * parent's current standing. A credential whose builtin parent is gone is gone too.
 */
export class LookupCredential {
  constructor(
    private readonly store: CredentialStore,
    private readonly users: UserStore,
    private readonly sealer: SecretSealer,
    private readonly keyring: SigningKeyring,
    private readonly clock: Clock,
    /** The root user's access key now: credentials derived from an earlier root user are gone. */
    private readonly rootAccessKey: string,
  ) {}

  /**
   * Only for the session token that was issued with the credential: the same bytes (by digest) and a
   * valid signature of a keyring key, so a record altered in etcd cannot be paired with a token made
   * up for it, and a retired key ends what it signed.
   */
  async execute(accessKey: string, sessionToken: string): Promise<LiveCredential | null> {
    const record = await this.recordOf(accessKey, sessionToken);
    return record && this.live(record);
  }

  /** The stored record, if this session token is the one it was issued with (see execute). */
  async recordOf(accessKey: string, sessionToken: string): Promise<CredentialRecord | null> {
    const record = await this.store.get(accessKey);
    if (!record || !tokenMatchesDigest(sessionToken, record.sessionTokenSha256)) return null;
    return (await this.keyring.signed(sessionToken, this.clock.now())) ? record : null;
  }

  /**
   * The parent a session token names, when a signing key already loaded vouches for it (no read: a
   * made-up token costs nothing), it was issued for `accessKey` and it has not expired; undefined
   * otherwise. Only a hint to read ahead with: the record, read after, is what the answer rests on.
   */
  claimedParent(accessKey: string, sessionToken: string): string | undefined {
    if (!this.keyring.signedByLoadedKey(sessionToken)) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(sessionToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as Partial<SessionClaims> | null;
      const current = claims?.accessKey === accessKey && typeof claims.exp === 'number' && claims.exp * 1000 > this.clock.now();
      return current && typeof claims.parent === 'string' ? claims.parent : undefined;
    } catch {
      return undefined;
    }
  }

  /** A builtin user's record, read ahead of the credential's (see claimedParent), to pass to live. */
  parentAhead(parent: string): Promise<UserRecord | null> {
    return this.users.get(parent);
  }

  /**
   * A vouched-for record with its secret unsealed, while its parent still stands. `parentRead`: the
   * parent's record as read ahead (parentAhead), when it is this record's builtin parent.
   */
  async live(record: CredentialRecord, parentRead?: Promise<UserRecord | null>): Promise<LiveCredential | null> {
    const parentStatus = await this.parentStatus(record, parentRead);
    if (parentStatus === null) return null;
    return {
      accessKey: record.accessKey,
      secretKey: this.sealer.open(record.secretKey, credentialSecretContext(record.accessKey)),
      sessionTokenSha256: record.sessionTokenSha256,
      parent: record.parent,
      provider: record.provider,
      roleSessionName: record.roleSessionName,
      sessionPolicy: record.sessionPolicy,
      policies: record.policies,
      groups: record.groups,
      expiresAt: record.expiresAt,
      parentStatus,
    };
  }

  private async parentStatus(record: CredentialRecord, parentRead?: Promise<UserRecord | null>): Promise<'enabled' | 'disabled' | null> {
    // A root-derived credential is valid only while its parent is still the root user (issue 11 case 3).
    if (record.provider === 'root') return record.parent === this.rootAccessKey ? 'enabled' : null;
    // Federated parents live in their IdP or directory; only builtin users have a standing here.
    if (record.provider !== 'builtin') return 'enabled';
    const user = await (parentRead ?? this.users.get(record.parent));
    // Older than its parent: derived from an earlier user of the same name; older than the parent's
    // secret: derived from a secret that was replaced (the revocation at the change is the first line).
    if (!user || record.issuedAt < Math.max(user.createdAt, user.secretChangedAt ?? 0)) return null;
    return user.status;
  }
}
