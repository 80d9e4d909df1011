import { normalizeDn } from '../iam/distinguished-name.js';
import { DirectoryFailure, type Directory, type LookupSession } from './directory.js';
import { LdapConfigError, type LdapKey, type LdapSettings } from './ldap-settings.js';

/**
 * MinIO's online validation at start-up (`Config.Validate`): the directory answers, the lookup
 * bind works, every base DN exists, and no two bases of a list overlap (an entry found under both
 * would make every login "multiple DNs"). Throws LdapConfigError naming the key at fault.
 */
export async function checkDirectory(directory: Directory, settings: LdapSettings): Promise<void> {
  try {
    await directory.withLookupSession(async (session) => {
      await checkBases(session, settings.userSearchBases, 'user_dn_search_base_dn');
      await checkBases(session, settings.groupSearchBases, 'group_search_base_dn');
    });
  } catch (error) {
    if (!(error instanceof DirectoryFailure)) throw error;
    if (error.kind === 'lookup-bind-refused') throw new LdapConfigError('lookup_bind_dn', `the directory refused the lookup bind with this DN and password: ${error.message}`);
    throw new LdapConfigError('server_addr', `the directory could not be used: ${error.message}`);
  }
}

async function checkBases(session: LookupSession, bases: readonly string[], key: LdapKey): Promise<void> {
  const found = await Promise.all(bases.map((base) => session.read(base)));
  const missing = bases.find((_, i) => found[i] === null);
  if (missing !== undefined) throw new LdapConfigError(key, `the base DN "${missing}" does not exist in the directory`);
  const dns = found.map((dn) => normalizeDn(dn!) ?? dn!);
  for (let i = 0; i < dns.length; i++) {
    for (let j = 0; j < dns.length; j++) {
      if (i !== j && isAncestorOrSelf(dns[i], dns[j])) {
        throw new LdapConfigError(key, `"${bases[i]}" overlaps "${bases[j]}"; no two base DNs may overlap`);
      }
    }
  }
}

/** On normalized DNs: `a` equals `b` or ends `b` after an unescaped comma. Values compare without case. */
function isAncestorOrSelf(a: string, b: string): boolean {
  const ancestor = a.toLowerCase();
  const dn = b.toLowerCase();
  if (dn === ancestor) return true;
  if (!dn.endsWith(`,${ancestor}`)) return false;
  const comma = dn.length - ancestor.length - 1;
  let backslashes = 0;
  while (comma - 1 - backslashes >= 0 && dn[comma - 1 - backslashes] === '\\') backslashes++;
  return backslashes % 2 === 0;
}
