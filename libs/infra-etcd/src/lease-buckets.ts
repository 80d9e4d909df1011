import type { Etcd3 } from 'etcd3';

export interface LeaseBucketOptions {
  /** Credentials expiring within the same window share a lease. Default 5 s. */
  widthSeconds: number;
  /** etcd #15993: attaching to a lease slows as its keys accumulate, so a bucket holds at most this many. */
  maxKeys: number;
}

interface Bucket {
  id: Promise<string>;
  keys: number;
}

/**
 * Leases shared by credentials that expire in the same few seconds (Cilium's approach), so issuing
 * costs one etcd lease grant per bucket instead of one per credential. A key outlives its credential
 * by at most the bucket width; every reader also checks the record's own `expiresAt`.
 */
export class LeaseBuckets {
  private readonly buckets = new Map<number, Bucket>();

  constructor(private readonly client: Etcd3, private readonly options: LeaseBucketOptions) {}

  leaseFor(expiresAtMs: number, nowMs: number): Promise<string> {
    const end = Math.ceil(expiresAtMs / 1000 / this.options.widthSeconds) * this.options.widthSeconds;
    let bucket = this.buckets.get(end);
    if (!bucket || bucket.keys >= this.options.maxKeys) {
      bucket = { id: this.grant(end, nowMs), keys: 0 };
      this.buckets.set(end, bucket);
      this.prune(nowMs);
    }
    bucket.keys++;
    return bucket.id;
  }

  private grant(endSeconds: number, nowMs: number): Promise<string> {
    const ttl = Math.max(1, Math.ceil(endSeconds - nowMs / 1000));
    const id = this.client.leaseClient.leaseGrant({ TTL: ttl, ID: 0 }).then((r) => String(r.ID));
    id.catch(() => this.buckets.forEach((b, key) => b.id === id && this.buckets.delete(key)));
    return id;
  }

  private prune(nowMs: number): void {
    for (const end of this.buckets.keys()) if (end * 1000 < nowMs) this.buckets.delete(end);
  }
}
