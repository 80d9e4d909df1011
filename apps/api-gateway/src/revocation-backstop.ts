import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Watcher } from 'etcd3';
import { ETCD, watchCredentialDeletions, type EtcdConnection } from '#infra-etcd';
import { LiveCredentialCache } from './live-credential-cache.js';

/**
 * When the gateway can read etcd, deletions of credential records evict cached copies even if the
 * revocation event was lost. The gateway never writes etcd.
 */
@Injectable()
export class RevocationBackstop implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RevocationBackstop.name);
  private watcher?: Watcher;

  constructor(private readonly cache: LiveCredentialCache, @Optional() @Inject(ETCD) private readonly etcd?: EtcdConnection) {}

  /** In the background: etcd is only the backstop, so the gateway serves before (and without) it. */
  onApplicationBootstrap(): void {
    if (!this.etcd) return this.logger.warn('MINIO_ETCD_ENDPOINTS is not set: revocations reach this gateway only through NATS events');
    watchCredentialDeletions(this.etcd, (accessKey) => this.cache.onRecordDeleted(accessKey)).then(
      (watcher) => (this.watcher = watcher),
      (error: Error) => this.logger.error(`the revocation backstop watch could not start: ${error.message}`),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.watcher?.cancel();
  }
}
