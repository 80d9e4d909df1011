import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { openIdParentUser, roleArnFor } from '#domain';
import { connectEtcd, decodeCredentialRecord, type EtcdConnection } from '#infra-etcd';
import { hostileTokens } from './support/hostile-tokens.js';
import { MockIdp } from './support/mock-idp.js';
import { RealIdp } from './support/real-idp.js';
import { startStack, type Stack } from './support/stack.js';
import { post, sdkClient, stsError, xmlField, type Keys } from './support/sts-http.js';

// The claim-based provider is the mock (any claims, any forgery); the real IdP is a role provider.
const VALID = { sub: 'alice', aud: 'sts', policy: 'readwrite,nonexistent' };
const REAL_CLIENT = { id: 'sts-web', secret: 'sts-web-secret-0123456789' };
const ROLE_ARN = roleArnFor(REAL_CLIENT.id, undefined);
const IDP_TIMEOUT_MS = 800;
const NO_KEYS: Keys = { accessKeyId: 'unused', secretAccessKey: 'unused' };
/** Per test: these wait on IdPs and timeouts on purpose, and the suite shares two cores with others. */
const SLOW_MS = 20_000;

let mock: MockIdp;
let real: RealIdp;
let stack: Stack;
let etcd: EtcdConnection;

beforeAll(async () => {
  [mock, real] = await Promise.all([
    MockIdp.start(),
    RealIdp.start({ webClient: REAL_CLIENT, serviceClient: { id: 'sts-machine', secret: 'sts-machine-secret-0123' }, audience: REAL_CLIENT.id }),
  ]);
  stack = await startStack({
    env: {
      MINIO_IDENTITY_OPENID_CONFIG_URL: mock.configUrl,
      MINIO_IDENTITY_OPENID_CLIENT_ID: 'sts',
      MINIO_IDENTITY_OPENID_CONFIG_URL_REAL: real.configUrl,
      MINIO_IDENTITY_OPENID_CLIENT_ID_REAL: REAL_CLIENT.id,
      MINIO_IDENTITY_OPENID_ROLE_POLICY_REAL: 'readonly',
      STS_OIDC_TIMEOUT_MS: String(IDP_TIMEOUT_MS),
      STS_OIDC_REFETCH_INTERVAL_MS: '100',
    },
  });
  etcd = connectEtcd({ endpoints: [stack.etcdEndpoint], prefix: '', timeoutMs: 5000, auth: stack.etcdAuth });
}, 60_000);

afterAll(async () => {
  etcd?.close();
  await stack?.stop();
  await Promise.all([mock?.stop(), real?.stop()]);
});

const webIdentity = (token: string, extra = '') =>
  post(stack.gateways[0], `Action=AssumeRoleWithWebIdentity&Version=2011-06-15&WebIdentityToken=${encodeURIComponent(token)}${extra}`, { 'content-type': 'application/x-www-form-urlencoded' });

async function assumeWithSdk(token: string, roleArn?: string) {
  const reply = await sdkClient(stack.gateways[0], NO_KEYS).send(new AssumeRoleWithWebIdentityCommand({ WebIdentityToken: token, RoleArn: roleArn, RoleSessionName: 'sdk-session', DurationSeconds: 900 }));
  const keys = { accessKeyId: reply.Credentials!.AccessKeyId!, secretAccessKey: reply.Credentials!.SecretAccessKey!, sessionToken: reply.Credentials!.SessionToken! };
  return { reply, keys, record: decodeCredentialRecord(keys.accessKeyId, (await etcd.client.get(`sts/credentials/${keys.accessKeyId}`).buffer())!) };
}

describe('AssumeRoleWithWebIdentity against real providers', () => {
  it('issues for a real id_token with the role ARN, and GetCallerIdentity accepts the credentials', async () => {
    const { reply, keys, record } = await assumeWithSdk(await real.idToken('alice'), ROLE_ARN);
    expect(reply.SubjectFromWebIdentityToken).toBe('alice');
    expect(record).toMatchObject({ provider: 'openid', parent: openIdParentUser('alice', real.issuer), policies: ['readonly'] });
    const identity = await sdkClient(stack.gateways[0], keys).send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe(`arn:aws:sts::000000000000:assumed-role/${openIdParentUser('alice', real.issuer)}/sdk-session`);
  }, SLOW_MS);

  it.each([['without a RoleArn', undefined], ['with a RoleArn it does not know', 'arn:aws:iam::123456789012:role/sdk-needs-one']])(
    'uses the claim-based provider %s, keeping only existing policies', async (_name, roleArn) => {
      const { reply, keys, record } = await assumeWithSdk(await mock.mint(VALID), roleArn);
      expect(reply.SubjectFromWebIdentityToken).toBe('alice');
      expect(record.policies).toEqual(['readwrite']);
      await expect(sdkClient(stack.gateways[0], keys).send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Account: '000000000000' });
    });

  it('answers an expired token with ExpiredToken and status 400, which the SDK reports as a client fault', async () => {
    await expect(assumeWithSdk(await mock.mint(VALID, { expiresIn: -3600 }))).rejects.toMatchObject({ name: 'ExpiredToken', $fault: 'client', $metadata: { httpStatusCode: 400 } });
  });

  it('refuses every hostile token with the right code, saying nothing of its contents', async () => {
    const table = await hostileTokens(mock, VALID);
    const answers = await Promise.all(table.map(async ({ name, token }) => {
      const reply = await webIdentity(token);
      return { name, status: reply.status, code: stsError(reply.body).code, leaks: /evil|consoleAdmin|stranger/.test(reply.body) };
    }));
    expect(answers).toEqual(table.map(({ name, code, status }) => ({ name, status, code, leaks: false })));
  }, SLOW_MS);
});

describe('AssumeRoleWithClientGrants', () => {
  it('answers a form POST shaped as minio-go sends it with MinIO XML', async () => {
    const token = await mock.mint({ sub: 'machine-7', aud: 'sts', policy: 'readonly', client_id: 'machine-7' });
    const reply = await post(stack.gateways[0], `Action=AssumeRoleWithClientGrants&Token=${token}&DurationSeconds=3600&Version=2011-06-15`, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<AssumeRoleWithClientGrantsResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><AssumeRoleWithClientGrantsResult><AssumedRoleUser><Arn><\/Arn><AssumeRoleId><\/AssumeRoleId><\/AssumedRoleUser><Credentials>.*<\/Credentials><SubjectFromToken>machine-7<\/SubjectFromToken><\/AssumeRoleWithClientGrantsResult><ResponseMetadata><RequestId>[0-9A-F]+<\/RequestId><\/ResponseMetadata><\/AssumeRoleWithClientGrantsResponse>$/);
    expect(Date.parse(xmlField(reply.body, 'Expiration')!) - Date.now()).toBeGreaterThan(3590_000);
  });

  it('accepts a real client-credentials access token (at+jwt) for the role provider', async () => {
    const token = await real.clientCredentialsToken();
    const reply = await post(stack.gateways[0], `Action=AssumeRoleWithClientGrants&Version=2011-06-15&Token=${token}&RoleArn=${encodeURIComponent(ROLE_ARN)}`, { 'content-type': 'application/x-www-form-urlencoded' });
    expect({ status: reply.status, subject: xmlField(reply.body, 'SubjectFromToken') }).toEqual({ status: 200, subject: 'sts-machine' });
  }, SLOW_MS);
});

describe('the identity provider changing under a running verifier', () => {
  it('accepts tokens of a key rotated in at the IdP without a restart', async () => {
    const kid = await mock.rotate();
    expect((await webIdentity(await mock.mint(VALID, { kid }))).status).toBe(200);
  }, SLOW_MS);

  it('answers within the configured timeout while the IdP hangs or is down, keeps known keys, and recovers', async () => {
    const known = await mock.mint(VALID);
    const unknown = await mock.mint(VALID, { kid: await mock.rotate() });
    mock.hang();
    // Unknown kids refetch at most once per STS_OIDC_REFETCH_INTERVAL_MS; the previous test just did.
    await new Promise((resolve) => setTimeout(resolve, 150));
    let started = Date.now();
    const hung = await webIdentity(unknown);
    expect({ status: hung.status, code: stsError(hung.body).code }).toEqual({ status: 400, code: 'IDPCommunicationError' });
    expect(Date.now() - started).toBeLessThan(IDP_TIMEOUT_MS + 700);
    expect((await webIdentity(known)).status).toBe(200);
    await mock.stop();
    started = Date.now();
    expect(stsError((await webIdentity(unknown)).body).code).toBe('IDPCommunicationError');
    expect(Date.now() - started).toBeLessThan(500);
    await mock.restart();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await webIdentity(unknown)).status).toBe(200);
  }, SLOW_MS);
});
