// What both S3 legs (through the gateway, direct to the backend) share: the same SDK client setup,
// presigned URLs, the order of the legs, and the CPU time of the gateway, the backend and the load
// generator over one leg.
import { S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { sampleCpu } from './cpu.mjs';

export const BUCKET = 'bench';

export const s3Client = (endpoint, keys) => new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: keys, maxAttempts: 1 });
export const presign = (s3, command) => getSignedUrl(s3, command, { expiresIn: 3600 });

/**
 * Two rounds, gateway then direct, then direct then gateway: whichever leg runs second meets the
 * page cache and the disk writes the first one left, so each side runs once in each place.
 */
export const ROUNDS = [['gateway', 'direct'], ['direct', 'gateway']];

const isS3Process = ({ name }) => name.startsWith('api-gateway') || name === 's3rver';

/** Starts counting; `stop(units)` resolves µs of CPU per unit (request, MiB) per process and for the load generator, and `units`. */
export function legCpu(target) {
  const processes = () => target.processes().filter(isS3Process);
  const before = sampleCpu(processes());
  return {
    stop(units) {
      const after = sampleCpu(processes());
      const per = (seconds) => (units > 0 ? (seconds * 1e6) / units : NaN);
      const servers = [...after.servers].filter(([name]) => before.servers.has(name)).map(([name, seconds]) => [name, per(seconds - before.servers.get(name))]);
      return { servers, loadGenerator: per(after.loadGenerator - before.loadGenerator), units };
    },
  };
}

/** One side's legs as one: µs per unit weighted by each leg's units. */
export function combinedCpu(legs) {
  const units = legs.reduce((sum, leg) => sum + leg.units, 0);
  const mean = (valueOf) => legs.reduce((sum, leg) => sum + valueOf(leg) * leg.units, 0) / units;
  const servers = legs[0].servers.map(([name]) => [name, mean((leg) => new Map(leg.servers).get(name) ?? NaN)]);
  return { servers, loadGenerator: mean((leg) => leg.loadGenerator), units };
}

/** e.g. "gateway leg: api-gateway-1 310, s3rver 420, client 90; direct leg: api-gateway-1 0, s3rver 400, client 85" */
export function formatLegCpu(results, scale) {
  const n = (value) => (Number.isFinite(value) ? Math.round(value / scale).toLocaleString('en-US') : 'n/a');
  return Object.entries(results)
    .map(([side, { cpu }]) => `${side} leg: ${cpu.servers.map(([name, value]) => `${name} ${n(value)}`).join(', ')}, client ${n(cpu.loadGenerator)}`)
    .join('; ');
}
