import { describe, expect, it } from '@jest/globals';
import { StsError, type IssueCredentialRequest, type VerifyLdapRequest } from '#contracts';
import { EffectivePolicies } from '../iam/effective-policies.js';
import { PolicyCatalog } from '../iam/policy-catalog.js';
import { InMemoryDirectory, InMemoryLoginFailures } from '../testing/in-memory-directory.js';
import { InMemoryGroupStore, InMemoryPolicyMappingStore, InMemoryPolicyStore, InMemoryUserStore } from '../testing/in-memory-stores.js';
import { AssumeRoleWithLdap } from './assume-role-with-ldap.js';
import { DirectoryFailure } from './directory.js';
import { DirectoryLogin } from './directory-login.js';
import { parseLdapSettings } from './ldap-settings.js';
import { LoginThrottle } from './login-throttle.js';

const PEOPLE = 'ou=people,dc=example,dc=com';
const GROUPS = 'ou=groups,dc=example,dc=com';
const ALICE = 'UID=alice, ou=people,dc=example,dc=com';
const ALICE_NORMALIZED = 'uid=alice,ou=people,dc=example,dc=com';
const DEVS = 'cn=devs,ou=groups,dc=example,dc=com';
const settings = parseLdapSettings({
  server_addr: 'ldap.example.com', lookup_bind_dn: 'cn=reader,dc=example,dc=com', user_dn_search_base_dn: PEOPLE,
  user_dn_search_filter: '(uid=%s)', user_dn_attributes: 'mail', group_search_base_dn: GROUPS, group_search_filter: '(member=%d)',
})!;
const request = (overrides: Partial<VerifyLdapRequest> = {}): VerifyLdapRequest =>
  ({ requestId: 'r1', username: 'alice', password: 'alice-pass', sourceIp: '192.0.2.1', ...overrides });

function setup({ configured = true } = {}) {
  const directory = new InMemoryDirectory()
    .answer(PEOPLE, '(uid=alice)', [{ dn: ALICE, attributes: { mail: ['alice@example.com'], cn: ['ignored'] } }])
    .answer(GROUPS, '(member=UID=alice, ou=people,dc=example,dc=com)', [{ dn: 'CN=devs,ou=groups,dc=example,dc=com', attributes: {} }]);
  directory.passwords.set(ALICE, 'alice-pass');
  const mappings = new InMemoryPolicyMappingStore();
  const failures = new InMemoryLoginFailures();
  const issued: IssueCredentialRequest[] = [];
  const minter = { issue: async (r: IssueCredentialRequest) => { issued.push(r); return { accessKeyId: 'AK', secretAccessKey: 'SK', sessionToken: 'T', expiration: 'E' }; } };
  const policies = new EffectivePolicies(new InMemoryUserStore(), new InMemoryGroupStore(), mappings, new PolicyCatalog(new InMemoryPolicyStore()));
  const login = configured ? new DirectoryLogin(directory, settings) : undefined;
  const sut = new AssumeRoleWithLdap(login, new LoginThrottle(failures, { perUser: 2, perClient: 10, windowSeconds: 60 }), policies, minter);
  return { sut, directory, mappings, failures, issued };
}

describe(AssumeRoleWithLdap.name, () => {
  it('issues for the normalized user DN with its groups, MinIO claims and one hour by default', async () => {
    const { sut, mappings, issued } = setup();
    await mappings.set('users', ALICE_NORMALIZED, ['readwrite']);
    await sut.execute(request({ sessionPolicy: '{}', tokenRevokeType: 't' }));
    expect(issued).toEqual([{
      requestId: 'r1', provider: 'ldap', parent: ALICE_NORMALIZED, groups: [DEVS], durationSeconds: 3600, sessionPolicy: '{}', tokenRevokeType: 't',
      claims: { ldapUser: ALICE_NORMALIZED, ldapActualUser: ALICE, ldapUsername: 'alice', ldapAttrib_mail: ['alice@example.com'] },
    }]);
  });

  it('issues on a group DN policy alone, with the requested duration', async () => {
    const { sut, mappings, issued } = setup();
    await mappings.set('groups', DEVS, ['readonly']);
    await sut.execute(request({ durationSeconds: 900 }));
    expect(issued[0]).toMatchObject({ durationSeconds: 900, groups: [DEVS] });
  });

  it('refuses a user without any policy with MinIO message', async () => {
    const { sut, issued } = setup();
    await expect(sut.execute(request())).rejects.toMatchObject({
      code: 'InvalidParameterValue',
      message: `expecting a policy to be set for user \`${ALICE}\` or one of their groups: \`${DEVS}\` - rejecting this request`,
    });
    expect(issued).toEqual([]);
  });

  it.each([['username', { username: '' }], ['password', { password: '' }]])('refuses an empty %s before any LDAP traffic', async (_name, overrides) => {
    const { sut, directory } = setup();
    await expect(sut.execute(request(overrides))).rejects.toMatchObject({ code: 'MissingParameter', message: 'LDAPUsername and LDAPPassword cannot be empty' });
    expect(directory.traffic).toBe(0);
  });

  it('answers as MinIO when LDAP is not configured', async () => {
    await expect(setup({ configured: false }).sut.execute(request())).rejects.toMatchObject({ code: 'InvalidParameterValue', message: 'LDAP server error: ldap is not configured' });
  });

  it.each([
    ['a wrong password', request({ password: 'nope' })],
    ['an unknown user', request({ username: 'mallory' })],
    ['a wildcard username', request({ username: 'al*' })],
  ])('answers %s with one message, counts it, and never echoes the password', async (_case, attempt) => {
    const { sut, failures } = setup();
    const error = await sut.execute(attempt).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'InvalidParameterValue', message: 'LDAP authentication failed' });
    expect(JSON.stringify(error)).not.toContain(attempt.password);
    expect([...failures.counters.values()].every((count) => count === 1)).toBe(true);
  });

  it('gives the reserved failures back after a successful login', async () => {
    const { sut, failures, mappings } = setup();
    await mappings.set('groups', DEVS, ['readonly']);
    await sut.execute(request());
    expect([...failures.counters.values()].every((count) => count === 0)).toBe(true);
  });

  it('gives the reserved failures back after a good bind even when no policy maps or minting fails', async () => {
    const { sut, failures, mappings } = setup();
    await expect(sut.execute(request())).rejects.toMatchObject({ code: 'InvalidParameterValue' });
    expect([...failures.counters.values()].every((count) => count === 0)).toBe(true);
    await mappings.set('groups', DEVS, ['readonly']);
    const failing = new AssumeRoleWithLdap(new DirectoryLogin(setup().directory, settings), new LoginThrottle(failures, { perUser: 2, perClient: 10, windowSeconds: 60 }),
      new EffectivePolicies(new InMemoryUserStore(), new InMemoryGroupStore(), mappings, new PolicyCatalog(new InMemoryPolicyStore())),
      { issue: async () => { throw new Error('issuer down'); } });
    await expect(failing.execute(request())).rejects.toThrow('issuer down');
    expect([...failures.counters.values()].every((count) => count === 0)).toBe(true);
  });

  // Issue 11 case 8: after bob was locked, an alias reaching the same entry could still guess.
  it('counts failures against the entry the username resolved to, so an alias shares the budget', async () => {
    const { sut, directory, failures } = setup();
    directory.answer(PEOPLE, '(uid=alice@example.com)', [{ dn: ALICE, attributes: {} }]);
    for (let i = 0; i < 2; i++) await sut.execute(request({ password: 'nope', sourceIp: `192.0.2.${10 + i}` })).catch(() => undefined);
    const binds = directory.binds.length;
    await expect(sut.execute(request({ username: 'alice@example.com', password: 'guess', sourceIp: '198.51.100.9' }))).rejects.toMatchObject({ code: 'AccessDenied' });
    expect(directory.binds.length).toBe(binds);
    expect([...failures.counters.values()].filter((count) => count > 0)).toHaveLength(4);
  });

  it('sends the escaped username to the directory, never a widened filter', async () => {
    const { sut, directory } = setup();
    await sut.execute(request({ username: '*)(uid=*' })).catch(() => undefined);
    expect(directory.searches).toEqual([{ base: PEOPLE, filter: '(uid=\\2a\\29\\28uid=\\2a)' }]);
  });

  it('refuses a throttled username before any LDAP traffic, even with the right password', async () => {
    const { sut, directory, mappings } = setup();
    await mappings.set('groups', DEVS, ['readonly']);
    for (let i = 0; i < 2; i++) await sut.execute(request({ password: 'nope' })).catch(() => undefined);
    const before = directory.traffic;
    await expect(sut.execute(request())).rejects.toMatchObject({ code: 'AccessDenied' });
    expect(directory.traffic).toBe(before);
  });

  it('answers 503 before any LDAP traffic when the failure budget cannot be reserved', async () => {
    const { sut, failures, directory } = setup();
    failures.failWith = new StsError('ServiceUnavailable', 'A required service is unavailable (sts.ratelimit.reserve); please try again.');
    await expect(sut.execute(request({ password: 'nope' }))).rejects.toMatchObject({ code: 'ServiceUnavailable' });
    expect(directory.traffic).toBe(0);
  });

  it.each([
    ['unreachable', 'ServiceUnavailable'],
    ['lookup-bind-refused', 'InternalError'],
    ['error', 'InternalError'],
  ] as const)('turns a directory that is %s into %s without its text', async (kind, code) => {
    const { sut, directory } = setup();
    directory.failWith = new DirectoryFailure(kind, 'ldap://10.1.2.3:636 said something internal');
    const error = await sut.execute(request()).catch((e: Error) => e);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).not.toContain('10.1.2.3');
  });
});
