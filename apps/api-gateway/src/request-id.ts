import { randomInt } from 'node:crypto';

const TWO_32 = 2 ** 32;
const BYTE_HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).toUpperCase().padStart(2, '0'));

/** The last id as two exact 32-bit halves (UnixNano is past 2^53); the high half's hex is kept. */
let high = 0;
let low = 0;
let highHex = '0';
let lastMs = -1;

/**
 * MinIO's request id is the uppercase hex of the server's UnixNano (§0). Kept strictly increasing
 * within a process, with a random start so gateways started together do not collide. The clock is
 * read in BigInt only when its millisecond changes; within one the id counts up in plain numbers
 * (a BigInt and its radix conversion per request were a measurable share of a GetCallerIdentity).
 */
const offset = BigInt(randomInt(0, 1_000_000));
export function nextRequestId(): string {
  const ms = Date.now();
  if (ms === lastMs || !advanceTo(BigInt(ms) * 1_000_000n + offset)) step();
  lastMs = ms;
  return highHex + BYTE_HEX[low >>> 24] + BYTE_HEX[(low >>> 16) & 255] + BYTE_HEX[(low >>> 8) & 255] + BYTE_HEX[low & 255];
}

/** Moves to `nanos` when it is past the last id; false when the clock stood still or went back. */
function advanceTo(nanos: bigint): boolean {
  const nextHigh = Number(nanos >> 32n);
  const nextLow = Number(nanos & 0xffffffffn);
  if (nextHigh < high || (nextHigh === high && nextLow <= low)) return false;
  if (nextHigh !== high) highHex = nextHigh.toString(16).toUpperCase();
  high = nextHigh;
  low = nextLow;
  return true;
}

function step(): void {
  if (++low < TWO_32) return;
  low = 0;
  highHex = (++high).toString(16).toUpperCase();
}
