import type { SealedSecret } from '../sealing/secret-sealer.js';

/** A long-term (builtin) user as stored. */
export interface UserRecord {
  version: 1;
  accessKey: string;
  secretKey: SealedSecret;
  status: 'enabled' | 'disabled';
  createdAt: number;
  /** Last change of secret or status; records written before it existed have only createdAt. */
  updatedAt?: number;
  /** When the secret was last replaced: temporary credentials issued before then are void. */
  secretChangedAt?: number;
}

export interface UserStore {
  get(accessKey: string): Promise<UserRecord | null>;
  /** Creates or replaces the user. */
  put(record: UserRecord): Promise<void>;
  list(): Promise<UserRecord[]>;
  /** Removes the user and its policy mapping together; false when there was no such user. */
  remove(accessKey: string): Promise<boolean>;
}

/** The root user from configuration (MINIO_ROOT_USER / MINIO_ROOT_PASSWORD). */
export interface RootCredentials {
  accessKey: string;
  secretKey: string;
}

/** A caller that may sign with long-term keys, resolved with its secret. */
export interface LongTermIdentity {
  accessKey: string;
  secretKey: string;
  /** For a service account, its parent's kind. */
  provider: 'root' | 'builtin';
  enabled: boolean;
  /** Service accounts only: the user whose rights it has, and the embedded policy narrowing them. */
  serviceAccount?: { parent: string; policy?: string };
}

export interface LongTermIdentityDirectory {
  find(accessKey: string): Promise<LongTermIdentity | null>;
}

export const userSecretContext = (accessKey: string) => `iam/users/${accessKey}`;
