import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AccessChangedEvent, CredentialsRevokedEvent, Events, UserChangedEvent } from '#contracts';
import { touchedBy, type AccessScope, type FeedSubscription, type IamChangeFeed } from '#domain';
import { StsClient } from '#infra-nats';
import { ChangeFeedTrust } from '../change-feed-trust.js';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config.js';
import { LiveCredentialCache } from '../live-credential-cache.js';
import { LongTermKeyCache } from './long-term-key-cache.js';

/** Provided only when the gateway may read the store (MINIO_ETCD_ENDPOINTS set). */
export const IAM_CHANGE_FEED = Symbol('IAM_CHANGE_FEED');

/**
 * Cached keys and access never outlive a narrowing change (item 4 of the S3 gateway), in one place:
 * a revocation drops the revoked keys; a user change, an access change and the etcd `iam/` watch (the
 * backstop for a lost event) drop exactly the cached signers the change touches, in both caches.
 */
@Injectable()
export class AccessInvalidation implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AccessInvalidation.name);
  private subscription?: FeedSubscription;

  constructor(
    private readonly client: StsClient,
    private readonly temporaryKeys: LiveCredentialCache,
    private readonly longTermKeys: LongTermKeyCache,
    private readonly trust: ChangeFeedTrust,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Optional() @Inject(IAM_CHANGE_FEED) private readonly feed?: IamChangeFeed,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.invalidation.events) this.listen();
    else this.logger.warn('STS_TEST_INVALIDATION=watch: access and revocation events are ignored (test only)');
    const watch = this.feed?.watchChanges((scope) => this.narrow(scope));
    if (watch) this.trust.follow(watch);
    watch?.then(
      (subscription) => (this.subscription = subscription),
      (error: Error) => this.logger.error(`the IAM change watch could not start: ${error.message}`),
    );
  }

  private listen(): void {
    this.client.subscribe(Events.CredentialsRevoked, (event) => this.temporaryKeys.evict(CredentialsRevokedEvent.parse(event).accessKeys));
    // A user disabled, enabled or removed: one event, both caches.
    this.client.subscribe(Events.UsersChanged, (event) => this.narrow({ parents: [UserChangedEvent.parse(event).accessKey] }));
    this.client.subscribe(Events.AccessChanged, (event) => this.narrow(AccessChangedEvent.parse(event)));
  }

  narrow(scope: AccessScope): void {
    if (scope.all) {
      this.temporaryKeys.forgetAll();
      return this.longTermKeys.clear();
    }
    const touched = touchedBy(scope);
    this.temporaryKeys.evictWhere(touched);
    this.longTermKeys.evictWhere(touched);
  }

  /** Readiness, as for the revocation watch: without a store nothing to watch; with one, it must be live. */
  healthy(): boolean {
    return !this.feed || (this.subscription?.healthy() ?? false);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.close();
  }
}
