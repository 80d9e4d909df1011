import type { SealedSecret } from '../sealing/secret-sealer.js';

/**
 * A service account (MinIO's access keys): long-term keys owned by a parent — the root user or a
 * builtin user — with at most the parent's rights, narrowed by an optional embedded policy.
 */
export interface ServiceAccountRecord {
  version: 1;
  accessKey: string;
  secretKey: SealedSecret;
  parent: string;
  status: 'on' | 'off';
  /** Normalized policy JSON; absent: the parent's policies as they are (MinIO `impliedPolicy`). */
  policy?: string;
  name?: string;
  description?: string;
  comment?: string;
  /** Epoch ms; absent: never expires. */
  expiresAt?: number;
  createdAt: number;
  updatedAt: number;
}

export interface ServiceAccountStore {
  get(accessKey: string): Promise<ServiceAccountRecord | null>;
  put(record: ServiceAccountRecord): Promise<void>;
  /** Every account, or those of one parent. */
  list(parent?: string): Promise<ServiceAccountRecord[]>;
  remove(accessKey: string): Promise<boolean>;
}

export const serviceAccountSecretContext = (accessKey: string) => `iam/service-accounts/${accessKey}`;
