import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { CredentialDeletionFeed, FeedSubscription } from '#domain';
import { LiveCredentialCache } from './live-credential-cache.js';

/** Provided only when the gateway may read the store (MINIO_ETCD_ENDPOINTS set). */
export const CREDENTIAL_DELETION_FEED = Symbol('CREDENTIAL_DELETION_FEED');

/**
 * When the gateway can read the store, deletions of credential records evict cached copies even if
 * the revocation event was lost. The gateway never writes the store.
 */
@Injectable()
export class RevocationBackstop implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RevocationBackstop.name);
  private subscription?: FeedSubscription;

  constructor(
    private readonly cache: LiveCredentialCache,
    @Optional() @Inject(CREDENTIAL_DELETION_FEED) private readonly deletions?: CredentialDeletionFeed,
  ) {}

  /** In the background: the store is only the backstop, so the gateway serves before (and without) it. */
  onApplicationBootstrap(): void {
    if (!this.deletions) return this.logger.warn('no store watch (MINIO_ETCD_ENDPOINTS unset, or STS_TEST_INVALIDATION=events): revocations reach this gateway only through NATS events');
    this.deletions.watchDeletions((accessKey) => this.cache.onRecordDeleted(accessKey), () => this.cache.forgetAll()).then(
      (subscription) => (this.subscription = subscription),
      (error: Error) => this.logger.error(`the revocation backstop watch could not start: ${error.message}`),
    );
  }

  /**
   * Readiness: without a store there is nothing to watch; with one, the watch must be live. While it
   * is down the cache is emptied and every credential is looked up at the issuer, so nothing revoked
   * is served, and the probe says the backstop is missing.
   */
  healthy(): boolean {
    return !this.deletions || (this.subscription?.healthy() ?? false);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.close();
  }
}
