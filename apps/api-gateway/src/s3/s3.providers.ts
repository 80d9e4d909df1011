import type { Provider } from '@nestjs/common';
import { ETCD, EtcdIamChangeFeed, type EtcdConnection } from '#infra-etcd';
import { S3Backend } from '#infra-s3';
import type { GatewayConfig } from '../config.js';
import { AccessInvalidation, IAM_CHANGE_FEED } from './access-invalidation.js';
import { AccountBuckets } from './account-buckets.js';
import { LongTermKeyCache } from './long-term-key-cache.js';
import { S3_BACKEND, S3Gateway } from './s3-gateway.js';
import { S3RefusalAudit } from './s3-refusal-audit.js';
import { S3Signers } from './s3-signers.js';

/** The S3 API's object graph: the backend (when configured), the signer caches, their invalidation, the handler. */
export function s3Providers(config: GatewayConfig): Provider[] {
  const { backend } = config.s3;
  return [
    ...(backend ? [{ provide: S3_BACKEND, useFactory: () => new S3Backend(backend) }] : []),
    ...(config.etcd && config.invalidation.watches ? [{ provide: IAM_CHANGE_FEED, inject: [ETCD], useFactory: (etcd: EtcdConnection) => new EtcdIamChangeFeed(etcd) }] : []),
    LongTermKeyCache, S3Signers, AccessInvalidation, S3RefusalAudit, S3Gateway, AccountBuckets,
  ];
}
