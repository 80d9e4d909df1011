// What the bench drives: a fresh loopback stack it owns, or an external endpoint it only talks to.
import { adminClient } from '../cli/admin-client.mjs';
import { APP_NAMES } from '../lib/apps.mjs';
import { startStack, TEST_ROOT_PASSWORD, TEST_ROOT_USER } from '../lib/stack.mjs';
import { profilingSetup } from './cpu-profiles.mjs';
import { grantDirectoryUser, startDirectory, startOpenIdProvider } from './identity-providers.mjs';

/**
 * Resolves { description, gateways, keys, region, processes(), s3?, webIdentity?, ldap?, stop() };
 * `s3` (a fresh stack only) is the embedded backend's URL and keys, for direct comparison;
 * `webIdentity` ({ token }) and `ldap` ({ user }) exist when their scenario was asked for on a
 * fresh stack. `keys` may call AssumeRole; `processes()` lists the server processes whose CPU time
 * can be read (none when external).
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
  const providers = [];
  const stopProviders = () => Promise.all(providers.map((provider) => provider.stop()));
  try {
    const idp = options.scenarios.includes('web-identity') ? await startOpenIdProvider() : undefined;
    if (idp) providers.push(idp);
    const directory = options.scenarios.includes('ldap') ? await startDirectory() : undefined;
    if (directory) providers.push(directory);
    const profiling = options.cpuProfDir ? profilingSetup(options.cpuProfDir) : { env: {} };
    // Read by scripts/lib/apps.mjs when it spawns each app.
    if (profiling.nodeFlags) process.env.STS_NODE_FLAGS = [process.env.STS_NODE_FLAGS, profiling.nodeFlags].filter(Boolean).join(' ');
    const env = { ...idp?.env, ...directory?.env, ...profiling.env };
    // The embedded S3 backend too; large objects outlive the default whole-request deadline.
    const stack = await startStack({ replicas: options.replicas, s3: true, env });
    const keys = { accessKeyId: TEST_ROOT_USER, secretAccessKey: TEST_ROOT_PASSWORD };
    // The stack does not set MINIO_REGION, so any region is accepted.
    const region = 'us-east-1';
    if (directory) {
      await grantDirectoryUser(adminClient({ endpoint: stack.gateways[0], accessKey: keys.accessKeyId, secretKey: keys.secretAccessKey, region }), directory.user)
        .catch(async (error) => {
          await stack.stop();
          throw error;
        });
    }
    const shape = APP_NAMES.map((app) => `${app}=${options.replicas[app]}`).join(' ');
    return {
      description: `fresh loopback stack, ${shape}`,
      gateways: stack.gateways,
      keys,
      region,
      processes: () => stack.processes(),
      s3: { url: stack.s3BackendUrl, keys },
      webIdentity: idp && { token: idp.token },
      ldap: directory && { user: directory.user },
      stop: async () => {
        await stack.stop();
        await stopProviders();
      },
    };
  } catch (error) {
    await stopProviders();
    throw error;
  }
}
