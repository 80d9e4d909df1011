import { Injectable } from '@nestjs/common';
import { Subjects, type LiveCredential } from '#contracts';
import type { LiveCredentialSource } from '#domain';
import { StsClient } from '#infra-nats';

/** Only keys the issuer can have minted are worth a lookup. */
const TEMPORARY_ACCESS_KEY = /^[0-9A-Z]{20}$/;
const MAX_ENTRIES = 100_000;
/**
 * Events and the etcd watch drop changed entries at once; re-asking the issuer after this long
 * bounds how stale an entry can get if both were missed (a disabled parent, a revocation).
 */
const REVALIDATE_AFTER_MS = 60_000;

interface Entry {
  credential: LiveCredential;
  revalidateAt: number;
}

/**
 * Temporary credentials this gateway has seen, filled on miss from the issuer. Misses are never
 * cached, so a credential issued through another gateway is usable here at once (read-your-write);
 * concurrent misses for one key share a single lookup.
 */
@Injectable()
export class LiveCredentialCache implements LiveCredentialSource {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<LiveCredential | null>>();
  /**
   * A lookup that overlapped an eviction may carry what was just revoked or changed: it is answered
   * but not kept. Per key for revocations (frequent: every lease expiry), globally for a parent change.
   */
  private readonly staleLookups = new Set<string>();
  private parentChanges = 0;

  constructor(private readonly client: StsClient) {}

  /**
   * The parent's standing or access changed (a user disabled or removed, a policy edited, …): the
   * credentials it touches are looked up afresh here. Events and watches arrive through AccessInvalidation.
   */
  evictWhere(touched: (credential: LiveCredential) => boolean): void {
    this.parentChanges++;
    for (const [accessKey, { credential }] of this.entries) if (touched(credential)) this.entries.delete(accessKey);
  }

  /**
   * Nothing cached can be vouched for any more: the store's deletion feed lost track (an outage, a
   * compaction), or access changed for everyone (a policy edited, a group mapping moved).
   */
  forgetAll(): void {
    this.parentChanges++;
    this.entries.clear();
  }

  evict(accessKeys: Iterable<string>): void {
    for (const accessKey of accessKeys) {
      this.entries.delete(accessKey);
      if (this.lookingUp(accessKey)) this.staleLookups.add(accessKey);
    }
  }

  private lookingUp(accessKey: string): boolean {
    for (const flight of this.inFlight.keys()) if (flight.startsWith(`${accessKey}:`)) return true;
    return false;
  }

  /**
   * etcd deleted a record: a revocation whose event this gateway missed, or a lease running out. An
   * entry already expired stays, so a late caller still hears ExpiredToken rather than an unknown key.
   */
  onRecordDeleted(accessKey: string): void {
    const cached = this.entries.get(accessKey);
    if (cached && Date.now() >= cached.credential.expiresAt) return;
    this.evict([accessKey]);
  }

  /** A cached credential is answered at once, not through a promise: the common case costs no turn of the microtask queue. */
  find(accessKey: string, sessionToken: string): LiveCredential | null | Promise<LiveCredential | null> {
    if (!TEMPORARY_ACCESS_KEY.test(accessKey)) return null;
    const cached = this.entries.get(accessKey);
    if (cached && Date.now() < cached.revalidateAt) return cached.credential;
    if (cached) this.entries.delete(accessKey);
    // Keyed by the token too: a caller with a forged token must not spoil the lookup of the owner.
    const flight = `${accessKey}:${sessionToken}`;
    let pending = this.inFlight.get(flight);
    if (!pending) {
      pending = this.load(accessKey, sessionToken).finally(() => this.inFlight.delete(flight));
      this.inFlight.set(flight, pending);
    }
    return pending;
  }

  private async load(accessKey: string, sessionToken: string): Promise<LiveCredential | null> {
    const parentChangesBefore = this.parentChanges;
    const { credential } = await this.client.request(Subjects.CredentialsLookup, { accessKey, sessionToken }).catch((error: unknown) => {
      this.staleLookups.delete(accessKey);
      throw error;
    });
    const stale = this.staleLookups.delete(accessKey);
    if (credential && !stale && parentChangesBefore === this.parentChanges) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(accessKey, { credential, revalidateAt: Date.now() + REVALIDATE_AFTER_MS });
    }
    return credential;
  }
}
