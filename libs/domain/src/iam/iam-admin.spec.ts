import { describe, expect, it } from '@jest/globals';
import { SecretSealer } from '../sealing/secret-sealer.js';
import {
  FixedClock, InMemoryCredentialStore, InMemoryGroupStore, InMemoryPolicyMappingStore, InMemoryPolicyStore, InMemoryUserStore,
} from '../testing/in-memory-stores.js';
import { RevokeCredentials } from '../credentials/revoke-credentials.js';
import { CredentialAdmin } from './admin/credential-admin.js';
import { GroupAdmin } from './admin/group-admin.js';
import { MappingAdmin } from './admin/mapping-admin.js';
import { PolicyAdmin } from './admin/policy-admin.js';
import { UserAdmin } from './admin/user-admin.js';
import { normalizeDn } from './distinguished-name.js';
import { EffectivePolicies } from './effective-policies.js';
import { PolicyCatalog } from './policy-catalog.js';

const READ_BUCKET = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/*'] }] });

function setup() {
  const users = new InMemoryUserStore();
  const groups = new InMemoryGroupStore();
  const policies = new InMemoryPolicyStore();
  const mappings = new InMemoryPolicyMappingStore();
  const credentials = new InMemoryCredentialStore();
  const clock = new FixedClock(Date.UTC(2026, 10, 23));
  const catalog = new PolicyCatalog(policies);
  const effective = new EffectivePolicies(users, groups, mappings, catalog);
  const sealer = new SecretSealer({ name: 't', key: Buffer.alloc(32, 1) });
  return {
    users, groups, mappings, credentials, clock, effective,
    userAdmin: new UserAdmin(users, groups, new RevokeCredentials(credentials, clock), effective, sealer, clock, { accessKey: 'root', secretKey: 'rootsecret' }),
    groupAdmin: new GroupAdmin(groups, users, mappings, clock),
    policyAdmin: new PolicyAdmin(policies, catalog, mappings, clock),
    mappingAdmin: new MappingAdmin(mappings, catalog, users, groups),
    credentialAdmin: new CredentialAdmin(credentials, effective, new RevokeCredentials(credentials, clock), clock),
  };
}

describe(UserAdmin.name, () => {
  it('adds, describes, disables and removes a user', async () => {
    const { userAdmin } = setup();
    await userAdmin.add('alice', 'alice-secret');
    expect(await userAdmin.info('alice')).toEqual({ accessKey: 'alice', status: 'enabled', policies: [], memberOf: [], updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    await userAdmin.setStatus('alice', 'disabled');
    expect((await userAdmin.list()).map((u) => u.status)).toEqual(['disabled']);
    await userAdmin.add('alice', 'new-secret-1');
    expect((await userAdmin.info('alice')).status).toBe('disabled');
    await userAdmin.remove('alice');
    await expect(userAdmin.info('alice')).rejects.toMatchObject({ code: 'NotFound' });
  });

  it('removes a user with its groups and temporary credentials, so the same name added again starts clean', async () => {
    const { userAdmin, groupAdmin, mappingAdmin, credentials, clock } = setup();
    await userAdmin.add('alice', 'alice-secret');
    await groupAdmin.updateMembers('admins', ['alice'], false);
    await mappingAdmin.attach(['consoleAdmin'], { kind: 'group', name: 'admins' });
    const base = { version: 1 as const, secretKey: { kms: 't', iv: '', ct: '', tag: '' }, sessionTokenSha256: '', kid: 'k', issuedAt: clock.time, expiresAt: clock.time + 60_000 };
    await credentials.create({ ...base, accessKey: 'AAAAAAAAAAAAAAAAAAAA', parent: 'alice', provider: 'builtin' });
    expect(await userAdmin.remove('alice')).toEqual(['AAAAAAAAAAAAAAAAAAAA']);
    expect(credentials.records.size).toBe(0);
    await userAdmin.add('alice', 'another-secret');
    expect(await userAdmin.info('alice')).toMatchObject({ memberOf: [], policies: [] });
  });

  // Issue 11 case 4: boss's earlier temporary credentials kept working after a password change.
  it('revokes a user\'s temporary credentials when its secret is replaced, and marks when', async () => {
    const { userAdmin, credentials, clock, users } = setup();
    expect(await userAdmin.add('boss', 'boss-secret-1')).toEqual({ replaced: false, revoked: [] });
    const base = { version: 1 as const, secretKey: { kms: 't', iv: '', ct: '', tag: '' }, sessionTokenSha256: '', kid: 'k', issuedAt: clock.time, expiresAt: clock.time + 60_000 };
    await credentials.create({ ...base, accessKey: 'AAAAAAAAAAAAAAAAAAAA', parent: 'boss', provider: 'builtin' });
    clock.time += 1000;
    expect(await userAdmin.add('boss', 'taken-over-1')).toEqual({ replaced: true, revoked: ['AAAAAAAAAAAAAAAAAAAA'] });
    expect(await users.get('boss')).toMatchObject({ secretChangedAt: clock.time });
  });

  it.each([['ab', 'longenough'], ['alice', 'short'], ['root', 'rootsecret2'], ['bad/key', 'longenough']])('refuses access key %s with secret %s', async (ak, sk) => {
    await expect(setup().userAdmin.add(ak, sk)).rejects.toMatchObject({ code: 'InvalidParameterValue' });
  });
});

describe(GroupAdmin.name, () => {
  it('adds existing users only, and removes a group only once it is empty', async () => {
    const { userAdmin, groupAdmin } = setup();
    await userAdmin.add('alice', 'alice-secret');
    await expect(groupAdmin.updateMembers('devs', ['alice', 'ghost'], false)).rejects.toMatchObject({ code: 'NotFound' });
    expect(await groupAdmin.list()).toEqual([]);
    await groupAdmin.updateMembers('devs', ['alice'], false);
    expect(await userAdmin.info('alice')).toMatchObject({ memberOf: ['devs'] });
    await expect(groupAdmin.updateMembers('devs', [], true)).rejects.toMatchObject({ code: 'InvalidParameterValue' });
    await groupAdmin.updateMembers('devs', ['alice'], true);
    await groupAdmin.updateMembers('devs', [], true);
    expect(await groupAdmin.list()).toEqual([]);
  });

  it('gives the members of a disabled group none of its policies, and keeps the status across member edits', async () => {
    const { userAdmin, groupAdmin, mappingAdmin, effective } = setup();
    await userAdmin.add('alice', 'alice-secret');
    await userAdmin.add('bob', 'bob-secret-1');
    await groupAdmin.updateMembers('devs', ['alice'], false);
    await mappingAdmin.attach(['readonly'], { kind: 'group', name: 'devs' });
    await groupAdmin.setStatus('devs', 'disabled');
    await groupAdmin.updateMembers('devs', ['bob'], false);
    expect(await groupAdmin.info('devs')).toMatchObject({ status: 'disabled', members: ['alice', 'bob'], policies: ['readonly'] });
    expect((await effective.of({ parent: 'alice', provider: 'builtin' })).names).toEqual([]);
    await groupAdmin.setStatus('devs', 'enabled');
    expect((await effective.of({ parent: 'bob', provider: 'builtin' })).names).toEqual(['readonly']);
    await expect(groupAdmin.setStatus('ghosts', 'enabled')).rejects.toMatchObject({ code: 'NotFound' });
  });
});

describe('UserAdmin status on add (madmin AddOrUpdateUserReq)', () => {
  it('enables on "enabled" or "on", disables on anything else, and keeps the status when none is sent', async () => {
    const { userAdmin } = setup();
    await userAdmin.add('alice', 'alice-secret', 'disabled');
    expect((await userAdmin.info('alice')).status).toBe('disabled');
    await userAdmin.add('alice', 'alice-secret', 'on');
    expect((await userAdmin.info('alice')).status).toBe('enabled');
    await userAdmin.add('alice', 'alice-secret', '');
    expect((await userAdmin.info('alice')).status).toBe('disabled');
    await userAdmin.add('alice', 'alice-secret');
    expect((await userAdmin.info('alice')).status).toBe('disabled');
  });
});

describe(MappingAdmin.name, () => {
  it('resolves a user\'s policies from its own and its groups\' mappings, live', async () => {
    const { userAdmin, groupAdmin, policyAdmin, mappingAdmin, effective } = setup();
    await userAdmin.add('alice', 'alice-secret');
    await groupAdmin.updateMembers('devs', ['alice'], false);
    await policyAdmin.create('read-bucket', READ_BUCKET);
    await mappingAdmin.attach(['read-bucket'], { kind: 'user', name: 'alice' });
    await mappingAdmin.attach(['readonly'], { kind: 'group', name: 'devs' });
    expect((await effective.of({ parent: 'alice', provider: 'builtin' })).names).toEqual(['read-bucket', 'readonly']);
    await mappingAdmin.detach(['readonly'], { kind: 'group', name: 'devs' });
    expect((await effective.of({ parent: 'alice', provider: 'builtin' })).names).toEqual(['read-bucket']);
  });

  it('applies nothing when one named policy or the target does not exist', async () => {
    const { userAdmin, mappingAdmin, mappings } = setup();
    await userAdmin.add('alice', 'alice-secret');
    await expect(mappingAdmin.attach(['readonly', 'nope'], { kind: 'user', name: 'alice' })).rejects.toMatchObject({ code: 'NotFound' });
    await expect(mappingAdmin.attach(['readonly'], { kind: 'user', name: 'ghost' })).rejects.toMatchObject({ code: 'NotFound' });
    expect(mappings.mappings.size).toBe(0);
  });

  it('replaces the whole mapping with set, and removes it with no policies', async () => {
    const { userAdmin, mappingAdmin, mappings } = setup();
    await userAdmin.add('alice', 'alice-secret');
    await mappingAdmin.attach(['readonly'], { kind: 'user', name: 'alice' });
    expect(await mappingAdmin.set(['readwrite', 'diagnostics', 'readwrite'], { kind: 'user', name: 'alice' })).toEqual(['readwrite', 'diagnostics']);
    expect(await userAdmin.info('alice')).toMatchObject({ policies: ['readwrite', 'diagnostics'] });
    await expect(mappingAdmin.set(['nope'], { kind: 'user', name: 'alice' })).rejects.toMatchObject({ code: 'NotFound' });
    await expect(mappingAdmin.set(['readonly'], { kind: 'group', name: 'ghosts' })).rejects.toMatchObject({ code: 'NotFound' });
    await mappingAdmin.set([], { kind: 'user', name: 'alice' });
    expect(mappings.mappings.size).toBe(0);
  });

  it('answers policy entities by user, by group and by policy, every mapped policy when nothing is named', async () => {
    const { userAdmin, groupAdmin, mappingAdmin } = setup();
    await userAdmin.add('alice', 'alice-secret');
    await groupAdmin.updateMembers('devs', ['alice'], false);
    await mappingAdmin.attach(['readonly', 'diagnostics'], { kind: 'user', name: 'alice' });
    await mappingAdmin.attach(['readonly'], { kind: 'group', name: 'devs' });
    expect(await mappingAdmin.entities({ users: ['alice', 'ghost'], groups: [], policies: ['readonly'] })).toEqual({
      userMappings: [{ user: 'alice', policies: ['readonly', 'diagnostics'] }],
      policyMappings: [{ policy: 'readonly', users: ['alice'], groups: ['devs'] }],
    });
    expect((await mappingAdmin.entities({ users: [], groups: [], policies: [] })).policyMappings?.map((p) => p.policy)).toEqual(['diagnostics', 'readonly']);
    expect(await mappingAdmin.entities({ users: [], groups: ['devs'], policies: [] })).toEqual({ groupMappings: [{ group: 'devs', policies: ['readonly'] }] });
  });

  it('keys LDAP DNs by their normalized form', async () => {
    const { mappingAdmin, mappings } = setup();
    await mappingAdmin.attach(['readwrite'], { kind: 'ldap-group', name: 'CN=Devs, OU=Groups,DC=example,DC=com' });
    expect([...mappings.mappings.keys()]).toEqual(['groups/cn=Devs,ou=Groups,dc=example,dc=com']);
  });
});

describe(PolicyAdmin.name, () => {
  it('stores a custom policy normalized and protects the canned ones', async () => {
    const { policyAdmin } = setup();
    await policyAdmin.create('read-bucket', READ_BUCKET.replaceAll(',', ',   '));
    expect(await policyAdmin.info('read-bucket')).toMatchObject({ canned: false, createdAt: '2026-11-23T00:00:00.000Z', updatedAt: '2026-11-23T00:00:00.000Z' });
    expect(await policyAdmin.info('readonly')).not.toHaveProperty('createdAt');
    expect(Object.keys(await policyAdmin.list())).toEqual(expect.arrayContaining(['consoleAdmin', 'read-bucket', 'readonly']));
    expect((await policyAdmin.list())['read-bucket']).toEqual(JSON.parse(READ_BUCKET));
    await expect(policyAdmin.create('readonly', READ_BUCKET)).rejects.toMatchObject({ code: 'InvalidParameterValue' });
    await expect(policyAdmin.delete('readwrite')).rejects.toMatchObject({ code: 'InvalidParameterValue' });
    await expect(policyAdmin.create('broken', '{"Version":"2012-10-17","Statement":[{"Effect":"Maybe"}]}')).rejects.toMatchObject({ code: 'MalformedPolicyDocument' });
  });

  // Issue 11 case 6: a deleted policy's mappings re-granted a later policy of the same name.
  it('refuses to delete an attached policy, naming where, and detaches it everywhere with force', async () => {
    const { policyAdmin, mappingAdmin, userAdmin, groupAdmin, mappings } = setup();
    await userAdmin.add('alice', 'alice-secret');
    await groupAdmin.updateMembers('devs', ['alice'], false);
    await policyAdmin.create('read-bucket', READ_BUCKET);
    await mappingAdmin.attach(['read-bucket', 'readonly'], { kind: 'user', name: 'alice' });
    await mappingAdmin.attach(['read-bucket'], { kind: 'group', name: 'devs' });
    await mappingAdmin.attach(['read-bucket'], { kind: 'ldap-user', name: 'uid=bob,dc=example,dc=org' });
    await expect(policyAdmin.delete('read-bucket')).rejects.toMatchObject({
      code: 'InvalidParameterValue', message: expect.stringMatching(/in use: attached to .*user alice.*group devs/),
    });
    expect(Object.keys(await policyAdmin.list())).toContain('read-bucket');
    expect((await policyAdmin.delete('read-bucket', true)).map((m) => m.name).sort()).toEqual(['alice', 'devs', 'uid=bob,dc=example,dc=org']);
    expect([...mappings.mappings]).toEqual([['users/alice', ['readonly']]]);
    await policyAdmin.create('read-bucket', READ_BUCKET);
    expect(await mappings.get('groups', 'devs')).toEqual([]);
    await expect(policyAdmin.delete('never-was')).rejects.toMatchObject({ code: 'NotFound' });
  });
});

describe(CredentialAdmin.name, () => {
  it('lists live credentials by parent and shows the effective policy computed now', async () => {
    const { credentials, credentialAdmin, userAdmin, mappingAdmin, clock } = setup();
    await userAdmin.add('alice', 'alice-secret');
    const base = { version: 1 as const, secretKey: { kms: 't', iv: '', ct: '', tag: '' }, sessionTokenSha256: '', kid: 'k', issuedAt: clock.time };
    await credentials.create({ ...base, accessKey: 'AAAAAAAAAAAAAAAAAAAA', parent: 'alice', provider: 'builtin', expiresAt: clock.time + 60_000 });
    await credentials.create({ ...base, accessKey: 'BBBBBBBBBBBBBBBBBBBB', parent: 'root', provider: 'root', expiresAt: clock.time + 60_000 });
    await credentials.create({ ...base, accessKey: 'CCCCCCCCCCCCCCCCCCCC', parent: 'alice', provider: 'builtin', expiresAt: clock.time - 1 });
    expect((await credentialAdmin.list('alice')).map((c) => c.accessKey)).toEqual(['AAAAAAAAAAAAAAAAAAAA']);
    expect((await credentialAdmin.info('AAAAAAAAAAAAAAAAAAAA')).policies).toEqual([]);
    await mappingAdmin.attach(['readonly'], { kind: 'user', name: 'alice' });
    const info = await credentialAdmin.info('AAAAAAAAAAAAAAAAAAAA');
    expect(info).toMatchObject({ parent: 'alice', accountStatus: 'enabled', impliedPolicy: true, policies: ['readonly'] });
    expect(JSON.stringify(info.effectivePolicy)).toContain('s3:GetObject');
    await expect(credentialAdmin.info('CCCCCCCCCCCCCCCCCCCC')).rejects.toMatchObject({ code: 'NotFound' });
  });

  // Issue 11 case 7: `creds revoke --user <DN>` typed differently, or `--provider LDAP`, revoked nothing.
  it('lists and revokes by a DN typed with other case of types and spacing, and by a provider in any case', async () => {
    const { credentials, credentialAdmin, clock } = setup();
    const dn = normalizeDn('uid=bob,ou=people,dc=example,dc=org')!;
    const base = { version: 1 as const, secretKey: { kms: 't', iv: '', ct: '', tag: '' }, sessionTokenSha256: '', kid: 'k', issuedAt: clock.time, expiresAt: clock.time + 60_000 };
    await credentials.create({ ...base, accessKey: 'AAAAAAAAAAAAAAAAAAAA', parent: dn, provider: 'ldap' });
    await credentials.create({ ...base, accessKey: 'BBBBBBBBBBBBBBBBBBBB', parent: dn, provider: 'ldap' });
    await credentials.create({ ...base, accessKey: 'CCCCCCCCCCCCCCCCCCCC', parent: 'root', provider: 'root' });
    const typed = 'UID=bob, OU=people,  DC=example,DC=org';
    expect((await credentialAdmin.list(typed)).map((c) => c.accessKey)).toEqual(['AAAAAAAAAAAAAAAAAAAA', 'BBBBBBBBBBBBBBBBBBBB']);
    expect((await credentialAdmin.list(undefined, 'LDAP')).map((c) => c.accessKey)).toEqual(['AAAAAAAAAAAAAAAAAAAA', 'BBBBBBBBBBBBBBBBBBBB']);
    expect(await credentialAdmin.revoke({ user: typed, tokenRevokeType: undefined })).toEqual(['AAAAAAAAAAAAAAAAAAAA', 'BBBBBBBBBBBBBBBBBBBB']);
    expect(await credentialAdmin.revoke({ provider: 'Root' })).toEqual(['CCCCCCCCCCCCCCCCCCCC']);
    await expect(credentialAdmin.list(undefined, 'kerberos')).rejects.toMatchObject({ code: 'InvalidParameterValue' });
  });
});

describe('normalizeDn', () => {
  it.each([
    ['uid=Alice,ou=People,dc=example,dc=com', 'uid=Alice,ou=People,dc=example,dc=com'],
    [' UID = alice , OU=people,DC=example ,dc=com', 'uid=alice,ou=people,dc=example,dc=com'],
    ['cn=Smith\\, John,dc=example', 'cn=Smith\\, John,dc=example'],
    ['cn=a+sn=b,dc=x', 'cn=a+sn=b,dc=x'],
  ])('normalizes %s', (dn, expected) => expect(normalizeDn(dn)).toBe(expected));

  it.each(['', 'not a dn', 'cn=,dc=x', '=x,dc=y', 'cn=a,,dc=x'])('refuses %s', (dn) => expect(normalizeDn(dn)).toBeNull());
});
