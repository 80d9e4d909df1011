import { describe, expect, it } from '@jest/globals';
import { LeaseBuckets, type LeaseGranter } from './lease-buckets.js';

/** A lease API that records each grant's TTL and answers it when the test says so (or at once). */
function fakeLeases({ fail = false } = {}) {
  const grants: number[] = [];
  const leases: LeaseGranter = {
    leaseGrant: (req) => {
      grants.push(Number(req?.TTL));
      return fail ? Promise.reject(new Error('etcd unavailable')) : Promise.resolve({ ID: String(grants.length), TTL: String(req?.TTL), header: {} } as never);
    },
  };
  return { leases, grants };
}

const NOW = 1_000_000_000;
const at = (secondsFromNow: number) => NOW + secondsFromNow * 1000;

describe(LeaseBuckets.name, () => {
  it('shares one lease among credentials expiring in the same window, and grants the next window ahead', async () => {
    const { leases, grants } = fakeLeases();
    const buckets = new LeaseBuckets(leases, { widthSeconds: 5, maxKeys: 1000 });
    const first = await buckets.leaseFor(at(3601), NOW);
    expect(await buckets.leaseFor(at(3602), NOW)).toBe(first);
    // The window ending at 3605 s, and the next one (3610 s) before any credential needs it.
    expect(grants).toEqual([3605, 3610]);
    const next = await buckets.leaseFor(at(3606), NOW);
    expect(next).not.toBe(first);
    expect(grants).toEqual([3605, 3610, 3615]);
  });

  it('grants a full bucket\'s replacement when it is half full, and moves to it when full', async () => {
    const { leases, grants } = fakeLeases();
    const buckets = new LeaseBuckets(leases, { widthSeconds: 5, maxKeys: 4 });
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push(await buckets.leaseFor(at(3601), NOW));
    expect(ids.slice(0, 4)).toEqual(Array(4).fill(ids[0]));
    expect(ids[4]).not.toBe(ids[0]);
    expect(ids[5]).toBe(ids[4]);
    // Window, next window, the spare granted at 2 keys; the second bucket's spare comes at its 2nd key.
    expect(grants).toEqual([3605, 3610, 3605, 3605]);
  });

  it('gives every lease the TTL to its window\'s end, counted from when it is granted', async () => {
    const { leases, grants } = fakeLeases();
    const buckets = new LeaseBuckets(leases, { widthSeconds: 5, maxKeys: 1000 });
    await buckets.leaseFor(at(12), NOW + 500);
    expect(grants).toEqual([15, 20]);
  });

  it('asks again after a failed grant instead of handing out the failed lease', async () => {
    const failing = fakeLeases({ fail: true });
    const buckets = new LeaseBuckets(failing.leases, { widthSeconds: 5, maxKeys: 1000 });
    await expect(buckets.leaseFor(at(3601), NOW)).rejects.toThrow('etcd unavailable');
    await new Promise((resolve) => setImmediate(resolve));
    await expect(buckets.leaseFor(at(3601), NOW)).rejects.toThrow('etcd unavailable');
    expect(failing.grants.filter((ttl) => ttl === 3605)).toHaveLength(2);
  });
});
