import { describe, expect, it } from '@jest/globals';
import { InMemoryDirectory } from '../testing/in-memory-directory.js';
import { checkDirectory } from './check-directory.js';
import { DirectoryFailure } from './directory.js';
import { parseLdapSettings } from './ldap-settings.js';

const settingsWith = (userBases: string) => parseLdapSettings({
  server_addr: 'ldap', lookup_bind_dn: 'cn=reader,dc=x', user_dn_search_base_dn: userBases, user_dn_search_filter: '(uid=%s)',
})!;

function directoryWith(...bases: string[]): InMemoryDirectory {
  const directory = new InMemoryDirectory();
  for (const base of bases) directory.existing.add(base);
  return directory;
}

describe(checkDirectory.name, () => {
  it('accepts bases that exist and do not overlap, an escaped comma being no RDN boundary', async () => {
    const bases = ['ou=people,dc=x', 'ou=staff,dc=x', 'cn=a\\,ou=people,dc=y', 'ou=people,dc=y'];
    await expect(checkDirectory(directoryWith(...bases), settingsWith(bases.join(';')))).resolves.toBeUndefined();
  });

  it.each([
    ['a missing base', ['ou=people,dc=x'], 'ou=people,dc=x;ou=ghosts,dc=x', 'does not exist'],
    ['a base inside another', ['ou=people,dc=x', 'ou=eu,ou=people,dc=x'], 'ou=people,dc=x;OU=eu, ou=people,dc=x', 'overlaps'],
    ['the same base twice', ['ou=people,dc=x'], 'ou=people,dc=x;ou=people,dc=x', 'overlaps'],
  ])('refuses %s, naming the setting', async (_case, existing, configured, problem) => {
    const directory = directoryWith(...existing, 'OU=eu, ou=people,dc=x');
    await expect(checkDirectory(directory, settingsWith(configured))).rejects.toMatchObject({ key: 'user_dn_search_base_dn', message: expect.stringContaining(problem) });
  });

  it('blames the lookup account for a refused bind and the address for anything else', async () => {
    const directory = directoryWith('ou=people,dc=x');
    directory.failWith = new DirectoryFailure('lookup-bind-refused', 'invalid credentials');
    await expect(checkDirectory(directory, settingsWith('ou=people,dc=x'))).rejects.toMatchObject({ key: 'lookup_bind_dn' });
    directory.failWith = new DirectoryFailure('unreachable', 'connect ECONNREFUSED');
    await expect(checkDirectory(directory, settingsWith('ou=people,dc=x'))).rejects.toMatchObject({ key: 'server_addr', message: expect.stringContaining('ECONNREFUSED') });
  });
});
