import { describe, expect, it } from '@jest/globals';
import type { IssueCredentialRequest } from '#contracts';
import { SecretSealer } from '../sealing/secret-sealer.js';
import { LongTermIdentities } from '../identity/long-term-identities.js';
import { userSecretContext } from '../identity/users.js';
import { AssumeRole } from '../sts/assume-role.js';
import { describeLongTermCaller } from '../sts/long-term-caller.js';
import {
  CountingRandom, FixedClock, InMemoryGroupStore, InMemoryPolicyMappingStore, InMemoryPolicyStore, InMemoryServiceAccountStore, InMemoryUserStore,
} from '../testing/in-memory-stores.js';
import { signWithSdk } from '../testing/sdk-signer.js';
import { ServiceAccountAdmin } from './admin/service-account-admin.js';
import { EffectivePolicies } from './effective-policies.js';
import { PolicyCatalog } from './policy-catalog.js';

const NOW = new Date('2026-11-23T10:00:00Z');
const ROOT = { accessKey: 'rootuser', secretKey: 'rootsecret123' };
const READ_B = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/*'] }] };

async function setup() {
  const users = new InMemoryUserStore();
  const accounts = new InMemoryServiceAccountStore();
  const mappings = new InMemoryPolicyMappingStore();
  const clock = new FixedClock(NOW.getTime());
  const sealer = new SecretSealer({ name: 't', key: Buffer.alloc(32, 5) });
  const effective = new EffectivePolicies(users, new InMemoryGroupStore(), mappings, new PolicyCatalog(new InMemoryPolicyStore()));
  await users.put({ version: 1, accessKey: 'alice', secretKey: sealer.seal('alice-secret', userSecretContext('alice')), status: 'enabled', createdAt: 0 });
  await mappings.set('users', 'alice', ['readonly']);
  const identities = new LongTermIdentities(ROOT, users, sealer, accounts, clock);
  return { users, accounts, clock, identities, admin: new ServiceAccountAdmin(accounts, users, effective, sealer, new CountingRandom(), clock, ROOT) };
}

const ROOT_CALLER = { accessKey: 'rootuser', username: 'rootuser' };

describe(ServiceAccountAdmin.name, () => {
  it('creates an account for a parent with generated keys, sealed at rest, that signs as a long-term identity', async () => {
    const { admin, accounts, identities } = await setup();
    const created = await admin.add(ROOT_CALLER, { targetUser: 'alice' });
    expect(created.accessKey).toMatch(/^[0-9A-Z]{20}$/);
    expect(created.secretKey).toHaveLength(40);
    expect(JSON.stringify([...accounts.accounts.values()])).not.toContain(created.secretKey);
    expect(await identities.find(created.accessKey)).toMatchObject({ secretKey: created.secretKey, provider: 'builtin', enabled: true, serviceAccount: { parent: 'alice' } });
    const info = await admin.info(created.accessKey);
    expect(info).toMatchObject({ parentUser: 'alice', accountStatus: 'on', impliedPolicy: true });
    expect(JSON.parse(info.policy).Statement[0].Action).toContain('s3:GetObject');
    expect((await admin.list('alice')).map((a) => a.accessKey)).toEqual([created.accessKey]);
  });

  it('keeps an embedded policy, and refuses unknown parents, taken keys, short secrets and past expirations', async () => {
    const { admin } = await setup();
    await admin.add(ROOT_CALLER, { targetUser: 'alice', accessKey: 'svc-one', secretKey: 'svc-one-secret', policy: READ_B, name: 'ci' });
    expect(await admin.info('svc-one')).toMatchObject({ impliedPolicy: false, name: 'ci', policy: JSON.stringify(READ_B, null, 1) });
    await expect(admin.add(ROOT_CALLER, { targetUser: 'ghost' })).rejects.toMatchObject({ code: 'NotFound' });
    // Only root may give root a service account: for anyone else it would mint a root-equivalent key.
    await expect(admin.add({ accessKey: 'alice', username: 'alice' }, { targetUser: 'rootuser', accessKey: 'svc-root', secretKey: 'svc-root-secret' })).rejects.toMatchObject({ code: 'AccessDenied' });
    await expect(admin.add(ROOT_CALLER, { targetUser: 'rootuser', accessKey: 'svc-root', secretKey: 'svc-root-secret' })).resolves.toMatchObject({ accessKey: 'svc-root' });
    await expect(admin.add(ROOT_CALLER, { targetUser: 'alice', accessKey: 'svc-one', secretKey: 'another-secret' })).rejects.toMatchObject({ code: 'InvalidParameterValue' });
    await expect(admin.add(ROOT_CALLER, { targetUser: 'alice', accessKey: 'alice', secretKey: 'another-secret' })).rejects.toMatchObject({ code: 'InvalidParameterValue' });
    await expect(admin.add(ROOT_CALLER, { targetUser: 'alice', secretKey: 'short' })).rejects.toMatchObject({ code: 'InvalidParameterValue' });
    await expect(admin.add(ROOT_CALLER, { targetUser: 'alice', expiration: '2020-01-01T00:00:00Z' })).rejects.toMatchObject({ code: 'InvalidParameterValue' });
  });

  it('creates the account of the caller\'s parent when a temporary credential or service account names no target', async () => {
    const { admin } = await setup();
    const created = await admin.add({ accessKey: 'TEMPORARYKEY', username: 'alice' }, { accessKey: 'svc-own', secretKey: 'svc-own-secret' });
    expect(await admin.info(created.accessKey)).toMatchObject({ parentUser: 'alice' });
    await admin.add({ accessKey: 'svc-own', username: 'alice' }, { accessKey: 'svc-own2', secretKey: 'svc-own-secret' });
    expect((await admin.list('alice')).map((a) => [a.accessKey, a.parentUser])).toEqual([['svc-own', 'alice'], ['svc-own2', 'alice']]);
  });

  it('updates only what is sent (status, secret), keeps the embedded policy, and stops at expiry, disable, or a disabled parent', async () => {
    const { admin, identities, clock, users } = await setup();
    await admin.add(ROOT_CALLER, { targetUser: 'alice', accessKey: 'svc-two', secretKey: 'svc-two-secret', policy: READ_B, expiration: '2026-11-24T00:00:00Z' });
    await admin.update({ accessKey: 'svc-two', newStatus: 'off' });
    expect(await identities.find('svc-two')).toMatchObject({ enabled: false });
    await admin.update({ accessKey: 'svc-two', newStatus: 'on', newSecretKey: 'svc-two-secret-2' });
    expect(await identities.find('svc-two')).toMatchObject({ enabled: true, secretKey: 'svc-two-secret-2', serviceAccount: { policy: expect.stringContaining('arn:aws:s3:::b/*') } });
    await users.put({ ...(await users.get('alice'))!, status: 'disabled' });
    expect(await identities.find('svc-two')).toMatchObject({ enabled: false });
    clock.time = Date.parse('2026-11-24T00:00:00Z');
    expect(await identities.find('svc-two')).toBeNull();
    await expect(admin.update({ accessKey: 'nope', newStatus: 'on' })).rejects.toMatchObject({ code: 'NotFound' });
  });

  it('deletes one account, or all of a removed parent', async () => {
    const { admin } = await setup();
    await admin.add(ROOT_CALLER, { targetUser: 'alice', accessKey: 'svc-a', secretKey: 'svc-a-secret' });
    await admin.add(ROOT_CALLER, { targetUser: 'alice', accessKey: 'svc-b', secretKey: 'svc-b-secret' });
    await admin.delete('svc-a');
    await expect(admin.info('svc-a')).rejects.toMatchObject({ code: 'NotFound' });
    expect(await admin.deleteAllOf('alice')).toEqual(['svc-b']);
    await expect(admin.delete('svc-b')).rejects.toMatchObject({ code: 'NotFound' });
  });

  it('assumes a role as its parent, narrowed by its embedded policy, and answers GetCallerIdentity as the parent', async () => {
    const { admin, identities, clock } = await setup();
    await admin.add(ROOT_CALLER, { targetUser: 'alice', accessKey: 'svc-three', secretKey: 'svc-three-secret', policy: READ_B });
    const issued: IssueCredentialRequest[] = [];
    const minter = { issue: async (r: IssueCredentialRequest) => { issued.push(r); return { accessKeyId: 'AK', secretAccessKey: 'SK', sessionToken: 'T', expiration: 'E' }; } };
    const assumeRole = new AssumeRole(identities, minter, clock, {});
    const signed = await signWithSdk({ accessKey: 'svc-three', secretKey: 'svc-three-secret', body: 'Action=AssumeRole&Version=2011-06-15', signedAt: NOW });
    await assumeRole.execute({ requestId: 'r', signed });
    expect(issued[0]).toMatchObject({ parent: 'alice', provider: 'builtin', sessionPolicy: expect.stringContaining('arn:aws:s3:::b/*') });
    await expect(assumeRole.execute({ requestId: 'r', signed, sessionPolicy: JSON.stringify(READ_B) })).rejects.toMatchObject({ code: 'InvalidParameterValue' });
    expect(describeLongTermCaller((await identities.find('svc-three'))!)).toMatchObject({ arn: 'arn:aws:iam::000000000000:user/alice' });
  });
});
