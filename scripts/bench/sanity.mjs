// One real SDK round trip before any load: a benchmark of 403s would measure nothing.
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

// The project supports Node 20 (package.json engines); the SDK's notice about its own future
// Node 22 requirement would only clutter the report.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Long enough to outlive every scenario that uses these credentials (each run is at most ~10 min).
const TEMPORARY_CREDENTIALS_SECONDS = 3600;

/** AssumeRole with `keys` on the first gateway, then GetCallerIdentity on every gateway; resolves the temporary keys. */
export async function assumeRoleAndCheck({ gateways, keys, region }) {
  const temporary = await step(`AssumeRole with ${keys.accessKeyId} at ${gateways[0]}`, async () => {
    const { Credentials } = await send(gateways[0], keys, region, new AssumeRoleCommand({
      RoleArn: 'arn:aws:iam::000000000000:role/bench',
      RoleSessionName: 'bench',
      DurationSeconds: TEMPORARY_CREDENTIALS_SECONDS,
    }));
    if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey || !Credentials.SessionToken) throw new Error('the response carried no credentials');
    return { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretAccessKey, sessionToken: Credentials.SessionToken };
  });
  for (const gateway of gateways) {
    await step(`GetCallerIdentity with the temporary credentials at ${gateway}`, async () => {
      const { Arn } = await send(gateway, temporary, region, new GetCallerIdentityCommand({}));
      if (!Arn) throw new Error('the response carried no Arn');
    });
  }
  return temporary;
}

async function send(gateway, credentials, region, command) {
  const client = new STSClient({ endpoint: gateway, region, credentials, maxAttempts: 1 });
  try {
    return await client.send(command);
  } finally {
    client.destroy();
  }
}

async function step(what, action) {
  try {
    return await action();
  } catch (error) {
    const status = error.$metadata?.httpStatusCode ? ` (HTTP ${error.$metadata.httpStatusCode})` : '';
    throw new Error(`sanity check failed, no load was run: ${what}: ${error.name ?? 'Error'}${status}: ${error.message}`);
  }
}
