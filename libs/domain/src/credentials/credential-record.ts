import type { AccessChangedEvent, Provider } from '#contracts';
import type { SealedSecret } from '../sealing/secret-sealer.js';

/** A temporary credential as stored: the secret sealed, the session token only as a digest. */
export interface CredentialRecord {
  version: 1;
  accessKey: string;
  secretKey: SealedSecret;
  sessionTokenSha256: string;
  parent: string;
  provider: Provider;
  roleSessionName?: string;
  sessionPolicy?: string;
  tokenRevokeType?: string;
  /** OpenID: the policy names resolved at issue time (MinIO stores them as the parent's mapping). */
  policies?: string[];
  /** LDAP: the user's group DNs at issue time. */
  groups?: string[];
  kid: string;
  issuedAt: number;
  expiresAt: number;
}

/** Storage port for temporary credentials; every record lives exactly as long as the credential. */
export interface CredentialStore {
  /**
   * Stores durably, to disappear by itself once `expiresAt` has passed, or throws; `false` when the
   * access key is already taken.
   */
  create(record: CredentialRecord): Promise<boolean>;
  get(accessKey: string): Promise<CredentialRecord | null>;
  /** Live records, of one parent or of everyone. */
  list(parent?: string): Promise<CredentialRecord[]>;
  /** Deletes records (and their indexes); records already gone are skipped. */
  remove(records: readonly CredentialRecord[]): Promise<void>;
}

/** A running subscription to a store's change feed. */
export interface FeedSubscription {
  /** Whether changes are flowing now; while not, whatever the feed keeps fresh may be stale. */
  healthy(): boolean;
  close(): Promise<void>;
}

/**
 * Read-only port: every deletion of a stored credential (revocation, lease expiry), as the store
 * itself sees it. Gateways use it as the backstop for a revocation event they missed. `onResync`:
 * the feed lost track (an outage, history compacted away), so anything it vouched for must be re-read.
 */
export interface CredentialDeletionFeed {
  watchDeletions(onDeleted: (accessKey: string) => void, onResync: () => void): Promise<FeedSubscription>;
}

/** The context a sealed credential secret is bound to, so a record cannot be replayed under another key. */
export const credentialSecretContext = (accessKey: string) => `sts/credentials/${accessKey}`;

/**
 * Read-only port: any change to the IAM data (users, service accounts, groups, policies, mappings),
 * as the store sees it, with the access it can alter (`{ all: true }` when the feed lost track).
 * Gateways use it as the backstop for a missed access-change event.
 */
export interface IamChangeFeed {
  watchChanges(onChanged: (scope: AccessChangedEvent) => void): Promise<FeedSubscription>;
}
