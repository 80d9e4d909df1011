import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Events, Subjects, UserChangedEvent, type LiveCredential } from '#contracts';
import type { LiveCredentialSource } from '#domain';
import { StsClient } from '#infra-nats';

/** Only keys the issuer can have minted are worth a lookup. */
const TEMPORARY_ACCESS_KEY = /^[0-9A-Z]{20}$/;
const MAX_ENTRIES = 100_000;
/** Keep expired entries briefly so a late request gets ExpiredToken rather than InvalidClientTokenId. */
const EXPIRED_GRACE_MS = 60 * 60_000;

/**
 * Temporary credentials this gateway has seen, filled on miss from the issuer. Misses are never
 * cached, so a credential issued through another gateway is usable here at once (read-your-write);
 * concurrent misses for one key share a single lookup.
 */
@Injectable()
export class LiveCredentialCache implements LiveCredentialSource, OnModuleInit {
  private readonly entries = new Map<string, LiveCredential>();
  private readonly inFlight = new Map<string, Promise<LiveCredential | null>>();
  /** A lookup that overlapped an eviction may carry the old standing: it is answered but not kept. */
  private evictions = 0;

  constructor(private readonly client: StsClient) {}

  /** A user disabled, enabled or removed anywhere: its credentials are looked up afresh here. */
  onModuleInit(): void {
    this.client.subscribe(Events.UsersChanged, (event) => this.evictParent(UserChangedEvent.parse(event).accessKey));
  }

  evictParent(parent: string): void {
    this.evictions++;
    for (const [accessKey, credential] of this.entries) if (credential.parent === parent) this.entries.delete(accessKey);
  }

  async find(accessKey: string): Promise<LiveCredential | null> {
    if (!TEMPORARY_ACCESS_KEY.test(accessKey)) return null;
    const cached = this.entries.get(accessKey);
    if (cached && Date.now() < cached.expiresAt + EXPIRED_GRACE_MS) return cached;
    if (cached) this.entries.delete(accessKey);
    let pending = this.inFlight.get(accessKey);
    if (!pending) {
      pending = this.load(accessKey).finally(() => this.inFlight.delete(accessKey));
      this.inFlight.set(accessKey, pending);
    }
    return pending;
  }

  private async load(accessKey: string): Promise<LiveCredential | null> {
    const evictionsBefore = this.evictions;
    const { credential } = await this.client.request(Subjects.CredentialsLookup, { accessKey });
    if (credential && evictionsBefore === this.evictions) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(accessKey, credential);
    }
    return credential;
  }
}
