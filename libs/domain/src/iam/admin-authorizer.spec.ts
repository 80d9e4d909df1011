import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { AdminSubjects, type LiveCredential } from '#contracts';
import { SecretSealer } from '../sealing/secret-sealer.js';
import { signSigV4 } from '../sigv4/index.js';
import { FixedClock, InMemoryGroupStore, InMemoryPolicyMappingStore, InMemoryPolicyStore, InMemoryUserStore } from '../testing/in-memory-stores.js';
import { AdminAuthorizer } from './admin-authorizer.js';
import { EffectivePolicies } from './effective-policies.js';
import { LongTermIdentities } from '../identity/long-term-identities.js';
import { PolicyCatalog } from './policy-catalog.js';
import { userSecretContext } from '../identity/users.js';

const NOW = new Date('2026-11-23T10:00:00Z');
const ROOT = { accessKey: 'root', secretKey: 'root-secret' };
const sealer = new SecretSealer({ name: 't', key: Buffer.alloc(32, 5) });
const TEMP = { accessKey: 'TEMPKEY0000000000000', secretKey: 'temporary-secret', token: 'session-token' };

async function setup(temporary?: Partial<LiveCredential>) {
  const users = new InMemoryUserStore();
  const mappings = new InMemoryPolicyMappingStore();
  const policies = new InMemoryPolicyStore();
  const effective = new EffectivePolicies(users, new InMemoryGroupStore(), mappings, new PolicyCatalog(policies));
  const live: LiveCredential = {
    accessKey: TEMP.accessKey, secretKey: TEMP.secretKey, sessionTokenSha256: createHash('sha256').update(TEMP.token).digest('hex'),
    parent: 'root', provider: 'root', expiresAt: NOW.getTime() + 60_000, parentStatus: 'enabled', ...temporary,
  };
  const sut = new AdminAuthorizer(new LongTermIdentities(ROOT, users, sealer), { find: async (ak) => (ak === TEMP.accessKey ? live : null) }, effective, new FixedClock(NOW.getTime()), undefined);
  const addUser = (accessKey: string, status: 'enabled' | 'disabled' = 'enabled') =>
    users.put({ version: 1, accessKey, secretKey: sealer.seal(`${accessKey}-secret`, userSecretContext(accessKey)), status, createdAt: 0 });
  return { sut, addUser, mappings, policies };
}

const signed = (accessKey: string, secretKey: string, sessionToken?: string) => {
  const headers = signSigV4({ method: 'GET', host: 'sts:9000', path: '/minio/admin/v3/list-users', body: '' }, { accessKey, secretKey, sessionToken, region: 'us-east-1', service: 's3', now: NOW });
  return { method: 'GET', path: '/minio/admin/v3/list-users', query: '', headers: Object.entries(headers), payloadHash: createHash('sha256').update('').digest('hex') };
};
const userSigned = (accessKey: string) => signed(accessKey, `${accessKey}-secret`);

describe(AdminAuthorizer.name, () => {
  it('lets the root user do anything and refuses a wrong root signature', async () => {
    const { sut } = await setup();
    await expect(sut.authorize(signed(ROOT.accessKey, ROOT.secretKey), 'admin:CreateUser')).resolves.toBeUndefined();
    await expect(sut.authorize(signed(ROOT.accessKey, 'wrong'), 'admin:CreateUser')).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
  });

  it('allows a builtin user exactly the admin actions its policies allow, and nothing while disabled', async () => {
    const { sut, addUser, mappings, policies } = await setup();
    await addUser('ops');
    await expect(sut.authorize(userSigned('ops'), 'admin:ListUsers')).rejects.toMatchObject({ code: 'AccessDenied' });
    await policies.put({ version: 1, name: 'enabler', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['admin:EnableUser'] }] }), updatedAt: 0 });
    await mappings.set('users', 'ops', ['enabler']);
    const enable = { requestId: 'r', signed: userSigned('ops'), accessKey: 'bob', status: 'enabled' as const };
    await expect(sut.authorizeOperation(AdminSubjects.UsersSetStatus, enable)).resolves.toBeUndefined();
    await expect(sut.authorizeOperation(AdminSubjects.UsersSetStatus, { ...enable, status: 'disabled' })).rejects.toMatchObject({ code: 'AccessDenied' });
    await addUser('ops', 'disabled');
    await expect(sut.authorizeOperation(AdminSubjects.UsersSetStatus, enable)).rejects.toMatchObject({ code: 'AccessDenied' });
  });

  it('narrows temporary credentials of root by their session policy', async () => {
    const readOnlyAdmin = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['admin:ListUsers'] }] });
    const { sut } = await setup({ sessionPolicy: readOnlyAdmin });
    const request = signed(TEMP.accessKey, TEMP.secretKey, TEMP.token);
    await expect(sut.authorize(request, 'admin:ListUsers')).resolves.toBeUndefined();
    await expect(sut.authorize(request, 'admin:CreateUser')).rejects.toMatchObject({ code: 'AccessDenied' });
  });

  it('refuses temporary credentials with a wrong session token or a disabled parent', async () => {
    await expect((await setup()).sut.authorize(signed(TEMP.accessKey, TEMP.secretKey, 'forged'), 'admin:ListUsers')).rejects.toMatchObject({ code: 'InvalidClientTokenId' });
    await expect((await setup({ parentStatus: 'disabled' })).sut.authorize(signed(TEMP.accessKey, TEMP.secretKey, TEMP.token), 'admin:ListUsers')).rejects.toMatchObject({ code: 'AccessDenied' });
  });
});
