// What the bench drives: a fresh loopback stack it owns, or an external endpoint it only talks to.
import { mkdirSync } from 'node:fs';
import { APP_NAMES } from '../lib/apps.mjs';
import { startStack, TEST_ROOT_PASSWORD, TEST_ROOT_USER } from '../lib/stack.mjs';

/**
 * Resolves { description, gateways, keys, region, processes(), s3?, stop() }; `s3` (a fresh stack
 * only) is the embedded backend's URL and keys, for direct comparison. `keys` may call
 * AssumeRole; `processes()` lists the server processes whose CPU time can be read (none when external).
 */
export async function openTarget(options) {
  if (options.endpoint) {
    return {
      description: `external endpoint ${options.endpoint}`,
      gateways: [options.endpoint],
      keys: options.keys,
      region: options.region,
      processes: () => [],
      stop: async () => {},
    };
  }
  // The embedded S3 backend too; large objects outlive the default whole-request deadline.
  if (options.cpuProfileDir) mkdirSync(options.cpuProfileDir, { recursive: true });
  const stack = await startStack({ replicas: options.replicas, s3: true, cpuProfileDir: options.cpuProfileDir });
  const shape = APP_NAMES.map((app) => `${app}=${options.replicas[app]}`).join(' ');
  return {
    description: `fresh loopback stack, ${shape}`,
    gateways: stack.gateways,
    keys: { accessKeyId: TEST_ROOT_USER, secretAccessKey: TEST_ROOT_PASSWORD },
    // The stack does not set MINIO_REGION, so any region is accepted.
    region: 'us-east-1',
    processes: () => stack.processes(),
    s3: { url: stack.s3BackendUrl, keys: { accessKeyId: TEST_ROOT_USER, secretAccessKey: TEST_ROOT_PASSWORD } },
    stop: () => stack.stop(),
  };
}
