import { Injectable } from '@nestjs/common';
import { Subjects, type LongTermKey } from '#contracts';
import { StsClient } from '#infra-nats';
import { AbsentKeys } from '../absent-keys.js';
import { ChangeFeedTrust } from '../change-feed-trust.js';

/** Bounds staleness if both the event and the etcd watch were missed (as for temporary credentials). */
const REVALIDATE_AFTER_MS = 60_000;
/** Bounds a refusal no feed can end: an issuer killed and restarted with another root user, a feed lost but not yet noticed. */
const ABSENT_FOR_MS = 10_000;
const MAX_ENTRIES = 10_000;
/** Apart from the keys, so that made-up keys push out only other made-up keys. */
const MAX_ABSENT = 10_000;

type Answer = LongTermKey | 'temporary' | null;
interface Entry {
  answer: LongTermKey;
  revalidateAt: number;
}
interface Flight {
  generation: number;
  answer: Promise<Answer>;
}

/**
 * The root user's and builtin users' keys with their current access, for S3 calls signed with
 * long-term keys. Filled from the issuer on a miss; dropped by access-change events and the etcd
 * watch. A key the issuer does not know at all (a removed user's, a revoked temporary one) is
 * remembered too, so refusing it again costs no lookup, until any user, access or `iam/` change:
 * a key comes to exist only through one (a user or service account added), and each forgets every
 * absent key at once, so a user added on another gateway works here once its event or the watch
 * arrives. A lookup that overlapped such a change is not kept (it may predate the key).
 */
@Injectable()
export class LongTermKeyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Flight>();
  private readonly absent: AbsentKeys<'unknown'>;
  private generation = 0;

  /** `trust` (always, but in unit tests): absent keys are remembered only while every change feed is live. */
  constructor(private readonly client: StsClient, trust?: ChangeFeedTrust) {
    this.absent = new AbsentKeys<'unknown'>(MAX_ABSENT, trust?.epoch);
  }

  async find(accessKey: string): Promise<Answer> {
    const cached = this.entries.get(accessKey);
    if (cached && Date.now() < cached.revalidateAt) return cached.answer;
    if (this.absent.answerFor(accessKey, Date.now()) !== undefined) return null;
    const joined = this.inFlight.get(accessKey);
    // A lookup sent before the latest change may carry the access it narrowed: a later caller asks afresh.
    if (joined?.generation === this.generation) return joined.answer;
    const flight: Flight = { generation: this.generation, answer: this.load(accessKey).finally(() => {
      if (this.inFlight.get(accessKey) === flight) this.inFlight.delete(accessKey);
    }) };
    this.inFlight.set(accessKey, flight);
    return flight.answer;
  }

  evictWhere(touched: (key: LongTermKey) => boolean): void {
    this.generation++;
    this.absent.clear();
    for (const [accessKey, { answer }] of this.entries) if (touched(answer)) this.entries.delete(accessKey);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.absent.clear();
  }

  private async load(accessKey: string): Promise<Answer> {
    const before = this.generation;
    const { key, temporary } = await this.client.request(Subjects.CredentialsLookupLongTerm, { accessKey });
    const answer = key ?? (temporary ? 'temporary' : null);
    // An answer that overlapped a change may predate it (a key added meanwhile): served once, not kept.
    if (before !== this.generation) return answer;
    // Not 'temporary': that answer ends with the credential, and revocations do not reach this cache.
    if (answer === null) this.absent.remember(accessKey, 'unknown', Date.now() + ABSENT_FOR_MS);
    else if (key) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(accessKey, { answer: key, revalidateAt: Date.now() + REVALIDATE_AFTER_MS });
    }
    return answer;
  }
}
