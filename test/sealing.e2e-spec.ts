// Issue 11 case 11: the password-derived sealing key is scrypt with a stored random salt, no key
// fingerprint sits beside sealed values, and data sealed under the earlier HKDF key migrates.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { legacyPasswordKey, SecretSealer, userSecretContext } from '#domain';
import { connectEtcd, IamKeys, SEALING_KDF_KEY, type EtcdConnection } from '#infra-etcd';
import { startStack, TEST_ROOT_PASSWORD, TEST_ROOT_USER, type Stack } from './support/stack.js';
import { sdkClient } from './support/sts-http.js';

let stack: Stack;
let etcd: EtcdConnection;

beforeAll(async () => {
  // No MINIO_KMS_SECRET_KEY: secrets are sealed with a key derived from the root password.
  stack = await startStack({ env: { MINIO_KMS_SECRET_KEY: '' } });
  etcd = connectEtcd({ endpoints: [stack.etcdEndpoint], prefix: '', timeoutMs: 2000, auth: stack.etcdAuth });
}, 60_000);

afterAll(async () => {
  etcd?.close();
  await stack?.stop();
});

const everyValue = async () => Object.values(await etcd.keys.getAll().prefix('').strings());

describe('the password-derived sealing key', () => {
  it('keeps one random salt with the scrypt parameters in etcd, and no key fingerprint beside sealed values', async () => {
    const kdf = JSON.parse((await etcd.keys.get(SEALING_KDF_KEY).string())!);
    expect(kdf).toMatchObject({ version: 1, algorithm: 'scrypt', N: 32768, r: 8, p: 1 });
    expect(Buffer.from(kdf.salt, 'base64')).toHaveLength(16);
    const values = await everyValue();
    expect(values.some((v) => v.includes('"kms":"root-password"'))).toBe(true);
    expect(values.filter((v) => v.includes('root-derived-'))).toEqual([]);
  });

  it('seals values written under the earlier HKDF key again on the next issuer start, and they still open', async () => {
    const legacy = new SecretSealer(legacyPasswordKey(TEST_ROOT_PASSWORD));
    const record = { version: 1, accessKey: 'legacy-user', secretKey: legacy.seal('legacy-secret-1', userSecretContext('legacy-user')), status: 'enabled', createdAt: Date.now() - 60_000 };
    await etcd.keys.put(IamKeys.user('legacy-user')).value(JSON.stringify(record));
    const issuer = stack.apps.find((a) => a.app === 'credential-issuer')!;
    await stack.stopApp(issuer);
    await stack.startApp('credential-issuer');

    const migrated = JSON.parse((await etcd.keys.get(IamKeys.user('legacy-user')).string())!);
    expect(migrated.secretKey.kms).toBe('root-password');
    expect((await everyValue()).filter((v) => v.includes('root-derived-'))).toEqual([]);
    const { Credentials } = await sdkClient(stack.gateways[0], { accessKeyId: 'legacy-user', secretAccessKey: 'legacy-secret-1' })
      .send(new AssumeRoleCommand({ RoleArn: 'arn:x', RoleSessionName: 'migrated' }));
    expect(Credentials?.AccessKeyId).toMatch(/^[0-9A-Z]{20}$/);
    await sdkClient(stack.gateways[0], { accessKeyId: TEST_ROOT_USER, secretAccessKey: TEST_ROOT_PASSWORD }).send(new AssumeRoleCommand({ RoleArn: 'arn:x', RoleSessionName: 'root' }));
  });
});
