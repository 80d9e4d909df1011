import { Injectable } from '@nestjs/common';
import { Subjects, type LongTermKey } from '#contracts';
import { StsClient } from '#infra-nats';

/** Bounds staleness if both the event and the etcd watch were missed (as for temporary credentials). */
const REVALIDATE_AFTER_MS = 60_000;
const MAX_ENTRIES = 10_000;

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
 * long-term keys. Filled from the issuer on a miss; misses are never kept (a user added on another
 * gateway works here at once); dropped by access-change events and the etcd watch.
 */
@Injectable()
export class LongTermKeyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Flight>();
  private generation = 0;

  constructor(private readonly client: StsClient) {}

  async find(accessKey: string): Promise<Answer> {
    const cached = this.entries.get(accessKey);
    if (cached && Date.now() < cached.revalidateAt) return cached.answer;
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
    for (const [accessKey, { answer }] of this.entries) if (touched(answer)) this.entries.delete(accessKey);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  private async load(accessKey: string): Promise<Answer> {
    const before = this.generation;
    const { key, temporary } = await this.client.request(Subjects.CredentialsLookupLongTerm, { accessKey });
    // An answer that overlapped a change may predate it: served once, not kept.
    if (key && before === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(accessKey, { answer: key, revalidateAt: Date.now() + REVALIDATE_AFTER_MS });
    }
    return key ?? (temporary ? 'temporary' : null);
  }
}
