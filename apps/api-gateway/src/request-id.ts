import { randomInt } from 'node:crypto';

let last = 0n;

/**
 * MinIO's request id is the uppercase hex of the server's UnixNano (§0). Kept strictly increasing
 * within a process, with a random start so gateways started together do not collide.
 */
const offset = BigInt(randomInt(0, 1_000_000));
export function nextRequestId(): string {
  const nanos = BigInt(Date.now()) * 1_000_000n + offset;
  last = nanos > last ? nanos : last + 1n;
  return last.toString(16).toUpperCase();
}
