import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { checkDirectory, DirectoryLogin, parseLdapSettings, type DirectoryFailure, type LdapSettings } from '#domain';
import { LdapDirectory } from '#infra-ldap';
import { dnOf, groupDn, GROUPS, PASSWORDS, PEOPLE, ROOT_DN, ROOT_PASSWORD, startTestDirectory, SUFFIX, type TestDirectory } from './support/ldap-fixture.js';

let dir: string;
let directory: TestDirectory;
let ca: string;
const opened: LdapDirectory[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sts-ldap-'));
  directory = await startTestDirectory(dir);
  ca = readFileSync(directory.certFile, 'utf8');
}, 30_000);

afterAll(async () => {
  await Promise.all(opened.map((d) => d.close()));
  await directory?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function settings(overrides: Record<string, string> = {}): LdapSettings {
  return parseLdapSettings({
    server_addr: `127.0.0.1:${directory.port}`, server_insecure: 'on', lookup_bind_dn: ROOT_DN, lookup_bind_password: ROOT_PASSWORD,
    user_dn_search_base_dn: PEOPLE, user_dn_search_filter: '(&(objectClass=inetOrgPerson)(uid=%s))', user_dn_attributes: 'mail',
    group_search_base_dn: GROUPS, group_search_filter: '(&(objectClass=groupOfNames)(member=%d))', ...overrides,
  })!;
}

function open(overrides: Record<string, string> = {}, options: { ca?: string; timeoutMs?: number } = {}): LdapDirectory {
  const ldap = new LdapDirectory({ settings: settings(overrides), timeoutMs: options.timeoutMs ?? 2000, poolSize: 2, ca: options.ca });
  opened.push(ldap);
  return ldap;
}

const alice = (ldap: LdapDirectory) => ldap.withLookupSession((s) => s.search(PEOPLE, '(uid=alice)', ['1.1']));
const failureOf = (work: Promise<unknown>) => work.then(() => { throw new Error('expected a failure'); }, (error: DirectoryFailure) => error);

describe('LdapDirectory against slapd', () => {
  it('searches as the lookup account, reads base DNs, and checks passwords on their own connections', async () => {
    const ldap = open();
    expect(await alice(ldap)).toEqual([{ dn: dnOf('alice'), attributes: {} }]);
    expect(await ldap.withLookupSession((s) => s.read(PEOPLE))).toBe(PEOPLE);
    expect(await ldap.withLookupSession((s) => s.read(`ou=nobody,${SUFFIX}`))).toBeNull();
    expect(await ldap.checkPassword(dnOf('alice'), PASSWORDS.alice)).toBe(true);
    expect(await ldap.checkPassword(dnOf('alice'), 'wrong')).toBe(false);
    expect(await ldap.checkPassword(dnOf('nobody'), 'whatever')).toBe(false);
  });

  it.each([
    ['StartTLS', { server_insecure: 'off', server_starttls: 'on' }, () => `127.0.0.1:${directory.port}`],
    ['LDAPS', { server_insecure: 'off' }, () => `127.0.0.1:${directory.tlsPort}`],
  ])('speaks %s to a server whose certificate it trusts, and refuses one it does not', async (_mode, overrides, addr) => {
    expect(await alice(open({ ...overrides, server_addr: addr() }, { ca }))).toHaveLength(1);
    expect(await open({ ...overrides, server_addr: addr() }, { ca }).checkPassword(dnOf('bob'), PASSWORDS.bob)).toBe(true);
    const untrusted = await failureOf(alice(open({ ...overrides, server_addr: addr() })));
    expect(untrusted).toMatchObject({ kind: 'unreachable', message: expect.stringMatching(/certificate/) });
    expect(await alice(open({ ...overrides, server_addr: addr(), tls_skip_verify: 'on' }))).toHaveLength(1);
  });

  it('reports a refused lookup bind apart from an unreachable directory, and checkDirectory names the setting', async () => {
    const refused = open({ lookup_bind_password: 'not-it' });
    expect(await failureOf(alice(refused))).toMatchObject({ kind: 'lookup-bind-refused' });
    await expect(checkDirectory(refused, settings({ lookup_bind_password: 'not-it' }))).rejects.toMatchObject({ key: 'lookup_bind_dn' });
    await expect(checkDirectory(open(), settings({ user_dn_search_base_dn: `ou=nobody,${SUFFIX}` }))).rejects.toMatchObject({ key: 'user_dn_search_base_dn' });
    await expect(checkDirectory(open(), settings({ user_dn_search_base_dn: `${PEOPLE};ou=contractors,${PEOPLE}` })))
      .rejects.toMatchObject({ key: 'user_dn_search_base_dn', message: expect.stringContaining('overlaps') });
    await expect(checkDirectory(open(), settings())).resolves.toBeUndefined();
  });

  it('never hangs: a server that accepts and stays silent fails within the deadline, a closed port at once', async () => {
    const silent = net.createServer(() => {}).listen(0, '127.0.0.1');
    await new Promise((resolve) => silent.once('listening', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      for (const overrides of [{}, { server_insecure: 'off', server_starttls: 'on' }, { server_insecure: 'off' }] as Array<Record<string, string>>) {
        const started = Date.now();
        expect(await failureOf(alice(open({ ...overrides, server_addr: `127.0.0.1:${port}` }, { timeoutMs: 300 })))).toMatchObject({ kind: 'unreachable' });
        expect(Date.now() - started).toBeLessThan(1500);
      }
    } finally {
      silent.close();
    }
    const started = Date.now();
    expect(await failureOf(alice(open({ server_addr: '127.0.0.1:1' })))).toMatchObject({ kind: 'unreachable' });
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('DirectoryLogin against slapd', () => {
  const login = () => new DirectoryLogin(open(), settings());

  it('finds the user, checks the password and collects normalized group DNs and the configured attributes', async () => {
    expect(await login().login('alice', PASSWORDS.alice)).toEqual({
      dn: dnOf('alice'), actualDn: dnOf('alice'), groups: [groupDn('admins'), groupDn('devs')], attributes: { mail: ['alice@example.com'] },
    });
    expect((await login().login('józef', PASSWORDS['józef'])).groups).toEqual([groupDn('devs')]);
  });

  it.each([
    ['a wrong password', 'alice', 'wrong', 'wrong-password'],
    ['an unknown user', 'mallory', 'whatever', 'unknown-user'],
    ['two entries matching the filter', 'twin', PASSWORDS.twin, 'ambiguous-user'],
    ['a wildcard that would match alice', 'al*', PASSWORDS.alice, 'unknown-user'],
    ['a lone wildcard', '*', PASSWORDS.alice, 'unknown-user'],
    ['a filter break-out', 'alice)(uid=*', PASSWORDS.alice, 'unknown-user'],
    ['a backslash', 'alice\\', PASSWORDS.alice, 'unknown-user'],
    ['a NUL byte', 'alice\0', PASSWORDS.alice, 'unknown-user'],
  ])('refuses %s', async (_case, username, password, reason) => {
    await expect(login().login(username, password)).rejects.toMatchObject({ name: 'LoginRefused', reason });
  });
});
