import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AccessChangedEvent, Events, UserChangedEvent } from '#contracts';
import type { FeedSubscription, IamChangeFeed } from '#domain';
import { StsClient } from '#infra-nats';
import { LiveCredentialCache } from '../live-credential-cache.js';
import { LongTermKeyCache } from './long-term-key-cache.js';

/** Provided only when the gateway may read the store (MINIO_ETCD_ENDPOINTS set). */
export const IAM_CHANGE_FEED = Symbol('IAM_CHANGE_FEED');

/**
 * Item 4 of the S3 gateway: cached access never outlives a narrowing change. Access-change events
 * drop the named parents' entries (or all) on every gateway at once; a user change drops its
 * long-term key; any change under `iam/` in etcd drops everything (the backstop for a lost event).
 */
@Injectable()
export class AccessInvalidation implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AccessInvalidation.name);
  private subscription?: FeedSubscription;

  constructor(
    private readonly client: StsClient,
    private readonly temporaryKeys: LiveCredentialCache,
    private readonly longTermKeys: LongTermKeyCache,
    @Optional() @Inject(IAM_CHANGE_FEED) private readonly feed?: IamChangeFeed,
  ) {}

  onApplicationBootstrap(): void {
    this.client.subscribe(Events.AccessChanged, (event) => this.onAccessChanged(AccessChangedEvent.parse(event)));
    this.client.subscribe(Events.UsersChanged, (event) => this.longTermKeys.evict([UserChangedEvent.parse(event).accessKey]));
    this.feed?.watchChanges(() => this.dropAll()).then(
      (subscription) => (this.subscription = subscription),
      (error: Error) => this.logger.error(`the IAM change watch could not start: ${error.message}`),
    );
  }

  onAccessChanged(event: AccessChangedEvent): void {
    if (event.all || !event.parents) return this.dropAll();
    for (const parent of event.parents) this.temporaryKeys.evictParent(parent);
    this.longTermKeys.evict(event.parents);
  }

  private dropAll(): void {
    this.temporaryKeys.forgetAll();
    this.longTermKeys.clear();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.close();
  }
}
