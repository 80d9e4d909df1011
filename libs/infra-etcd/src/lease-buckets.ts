import type { Etcd3 } from 'etcd3';

export interface LeaseBucketOptions {
  /** Credentials expiring within the same window share a lease. Default 5 s. */
  widthSeconds: number;
  /** etcd #15993: attaching to a lease slows as its keys accumulate, so a bucket holds at most this many. */
  maxKeys: number;
}

/** The part of etcd's lease API this needs (etcd3's `leaseClient`). */
export type LeaseGranter = Pick<Etcd3['leaseClient'], 'leaseGrant'>;

interface Bucket {
  id: Promise<string>;
  keys: number;
  /** The lease that replaces this one when it is full, granted once it is half full. */
  spare?: Promise<string>;
}

/**
 * Leases shared by credentials that expire in the same few seconds (Cilium's approach), so issuing
 * costs one etcd lease grant per bucket instead of one per credential. A key outlives its credential
 * by at most the bucket width; every reader also checks the record's own `expiresAt`.
 *
 * Grants are made ahead, off the commit path: a transaction that needed a new lease waited for the
 * grant (a raft round of its own, with its WAL fsync) and so did every credential queued behind it.
 * That was a full bucket every `maxKeys` credentials and a new window every `widthSeconds` (stage
 * timing in the stack: ~1-3 % of issuances, up to 60 ms). So a bucket's replacement is granted
 * when it is half full, and the next window's bucket when a window is first used; at most one
 * unused lease per window is left to expire at its TTL.
 */
export class LeaseBuckets {
  private readonly buckets = new Map<number, Bucket>();

  constructor(private readonly leases: LeaseGranter, private readonly options: LeaseBucketOptions) {}

  leaseFor(expiresAtMs: number, nowMs: number): Promise<string> {
    const end = Math.ceil(expiresAtMs / 1000 / this.options.widthSeconds) * this.options.widthSeconds;
    let bucket = this.buckets.get(end);
    if (!bucket || bucket.keys >= this.options.maxKeys) {
      bucket = { id: bucket?.spare ?? this.grant(end, nowMs), keys: 0 };
      this.buckets.set(end, bucket);
      this.prune(nowMs);
    }
    if (bucket.keys++ === 0) this.prepare(end + this.options.widthSeconds, nowMs);
    if (bucket.keys === Math.ceil(this.options.maxKeys / 2)) bucket.spare = this.grant(end, nowMs);
    return bucket.id;
  }

  /** The next window's bucket, granted before a credential needs it. */
  private prepare(end: number, nowMs: number): void {
    if (!this.buckets.has(end)) this.buckets.set(end, { id: this.grant(end, nowMs), keys: 0 });
  }

  private grant(endSeconds: number, nowMs: number): Promise<string> {
    const ttl = Math.max(1, Math.ceil(endSeconds - nowMs / 1000));
    const id = this.leases.leaseGrant({ TTL: ttl, ID: 0 }).then((r) => String(r.ID));
    // A failed grant is forgotten, so that the next credential asks again instead of failing too.
    id.catch(() => {
      for (const [key, b] of this.buckets) {
        if (b.id === id) this.buckets.delete(key);
        else if (b.spare === id) b.spare = undefined;
      }
    });
    return id;
  }

  private prune(nowMs: number): void {
    for (const end of this.buckets.keys()) if (end * 1000 < nowMs) this.buckets.delete(end);
  }
}
