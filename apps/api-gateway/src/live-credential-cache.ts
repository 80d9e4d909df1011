import { Injectable } from '@nestjs/common';
import { Subjects, type LiveCredential } from '#contracts';
import { MINTED_ACCESS_KEY, type LiveCredentialSource } from '#domain';
import { StsClient } from '#infra-nats';
import { AbsentKeys } from './absent-keys.js';

const MAX_ENTRIES = 100_000;
/** Revoked keys remembered; one forgotten costs its next request a lookup, nothing else. */
const MAX_REVOKED = 50_000;
/**
 * Events and the etcd watch drop changed entries at once; re-asking the issuer after this long
 * bounds how stale an entry can get if both were missed (a disabled parent, a revocation).
 */
const REVALIDATE_AFTER_MS = 60_000;

interface Entry {
  credential: LiveCredential;
  revalidateAt: number;
}
/** A lookup on its way, and the changes this gateway had heard of when it was sent. */
interface Flight {
  parentChanges: number;
  revoked: boolean;
  answer: Promise<LiveCredential | null>;
}

/**
 * Temporary credentials this gateway has seen, filled on miss from the issuer. Misses are never
 * cached, so a credential issued through another gateway is usable here at once (read-your-write);
 * concurrent misses for one key share a single lookup. A revoked key is the exception: its record
 * is gone for good (the issuer mints every key afresh, never reuses one), so it is refused from
 * memory, with no lookup, from the revocation event or the store's deletion on.
 */
@Injectable()
export class LiveCredentialCache implements LiveCredentialSource {
  private readonly entries = new Map<string, Entry>();
  /**
   * A lookup that overlapped an eviction may carry what was just revoked or changed: it answers the
   * callers that joined it before, but it is not kept and no later caller joins it. Per key for
   * revocations (frequent: every lease expiry), globally for a parent change.
   */
  private readonly inFlight = new Map<string, Flight>();
  private readonly revoked = new AbsentKeys<'revoked'>(MAX_REVOKED);
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
      this.revoked.remember(accessKey, 'revoked');
      if (this.inFlight.size === 0) continue;
      for (const [flightKey, flight] of this.inFlight) if (flightKey.startsWith(`${accessKey}:`)) flight.revoked = true;
    }
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
    // Only keys the issuer can have minted are worth a lookup.
    if (!MINTED_ACCESS_KEY.test(accessKey)) return null;
    const cached = this.entries.get(accessKey);
    if (cached && Date.now() < cached.revalidateAt) return cached.credential;
    if (this.revoked.answerFor(accessKey, 0) !== undefined) return null;
    if (cached) this.entries.delete(accessKey);
    // Keyed by the token too: a caller with a forged token must not spoil the lookup of the owner.
    const flightKey = `${accessKey}:${sessionToken}`;
    const joined = this.inFlight.get(flightKey);
    if (joined && this.current(joined)) return joined.answer;
    const flight: Flight = { parentChanges: this.parentChanges, revoked: false, answer: Promise.resolve(null) };
    flight.answer = this.load(accessKey, sessionToken, flight).finally(() => {
      if (this.inFlight.get(flightKey) === flight) this.inFlight.delete(flightKey);
    });
    this.inFlight.set(flightKey, flight);
    return flight.answer;
  }

  /** No revocation of its key and no parent change since the lookup was sent. */
  private current(flight: Flight): boolean {
    return !flight.revoked && flight.parentChanges === this.parentChanges;
  }

  private async load(accessKey: string, sessionToken: string, flight: Flight): Promise<LiveCredential | null> {
    const { credential } = await this.client.request(Subjects.CredentialsLookup, { accessKey, sessionToken });
    if (credential && this.current(flight)) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(accessKey, { credential, revalidateAt: Date.now() + REVALIDATE_AFTER_MS });
    }
    return credential;
  }
}
