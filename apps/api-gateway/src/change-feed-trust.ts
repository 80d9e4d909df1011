import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Events } from '#contracts';
import type { FeedSubscription } from '#domain';
import { StsClient } from '#infra-nats';
import { GATEWAY_CONFIG, type GatewayConfig } from './config.js';

/**
 * Whether this gateway would now hear of an access key coming to exist, the one condition under
 * which it may remember that a key does not (AbsentKeys): a key comes to exist only through an IAM
 * change, announced on NATS (missed while the bus is away) and seen by the etcd `iam/` watch (the
 * backstop; it forgets everything itself when interrupted). Every feed the gateway follows must be
 * live, and an absence learned before a reconnection of the bus, or before an issuer left (its
 * successor may hold another root user), is not believed after it.
 */
@Injectable()
export class ChangeFeedTrust implements OnApplicationBootstrap {
  /** Issuers that left; with the bus's reconnections, the number an absence is remembered under. */
  private issuersLeft = 0;
  private watchExpected = false;
  private watch?: FeedSubscription;

  constructor(private readonly client: StsClient, @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  onApplicationBootstrap(): void {
    this.client.subscribe(Events.IssuerLeaving, () => this.issuersLeft++);
  }

  /** The `iam/` watch: until it runs, and whenever it is down, no absence is remembered. */
  follow(watch: Promise<FeedSubscription>): void {
    this.watchExpected = true;
    // A watch that cannot start is logged where it is started (AccessInvalidation).
    watch.then((subscription) => (this.watch = subscription), () => undefined);
  }

  /** The AbsenceTrust of AbsentKeys. */
  readonly epoch = (): number | undefined => {
    if (this.config.invalidation.events && !this.client.isConnected()) return undefined;
    if (this.watchExpected && !this.watch?.healthy()) return undefined;
    return this.issuersLeft + this.client.reconnections;
  };
}
