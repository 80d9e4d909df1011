import { normalizeDn } from '../iam/distinguished-name.js';
import { DirectoryFailure, type Directory, type DirectoryEntry, type LookupSession } from './directory.js';
import type { LdapSettings } from './ldap-settings.js';
import { groupSearchFilter, userSearchFilter } from './search-filter.js';

/** Who the directory says the caller is. */
export interface DirectoryIdentity {
  /** The normalized user DN: the credential's parent and the key of its policy mapping. */
  dn: string;
  /** The DN as the server spelled it (MinIO `ldapActualUser`). */
  actualDn: string;
  /** Normalized group DNs, in base order then server order. */
  groups: string[];
  /** The configured `USER_DN_ATTRIBUTES` the entry has, by the server's attribute name. */
  attributes: Record<string, string[]>;
}

/**
 * The caller is not who they claim. Every reason answers the same to the client, so that the
 * answer does not tell which usernames exist; the reason is for the logs.
 */
export type LoginRefusal = 'unknown-user' | 'ambiguous-user' | 'wrong-password';

export class LoginRefused extends Error {
  override readonly name = 'LoginRefused';
  constructor(readonly reason: LoginRefusal, detail: string) {
    super(detail);
  }
}

/** RFC 4511 §4.5.1.8: ask for no attributes at all. */
const NO_ATTRIBUTES = ['1.1'];

/**
 * MinIO's bind flow (reference §4.2): lookup bind, user search over every base (exactly one match),
 * a bind as the found DN with the password, then the group search as the lookup account. The user
 * bind happens on a connection of its own, so a pooled lookup connection never changes identity.
 */
export class DirectoryLogin {
  constructor(private readonly directory: Directory, private readonly settings: LdapSettings) {}

  /** `beforeBind` sees the normalized DN the username resolved to, before the password is tried. */
  async login(username: string, password: string, beforeBind?: (dn: string) => Promise<void>): Promise<DirectoryIdentity> {
    const user = await this.directory.withLookupSession((session) => this.findUser(session, username));
    await beforeBind?.(normalized(user.dn));
    if (!(await this.directory.checkPassword(user.dn, password))) {
      throw new LoginRefused('wrong-password', `the directory refused the password of ${user.dn}`);
    }
    const groups = await this.directory.withLookupSession((session) => this.groupsOf(session, username, user.dn));
    return { dn: normalized(user.dn), actualDn: user.dn, groups, attributes: this.wantedAttributes(user) };
  }

  private async findUser(session: LookupSession, username: string): Promise<DirectoryEntry> {
    const filter = userSearchFilter(this.settings.userSearchFilter, username);
    const attributes = this.settings.userAttributes.length > 0 ? this.settings.userAttributes : NO_ATTRIBUTES;
    const found = (await Promise.all(this.settings.userSearchBases.map((base) => session.search(base, filter, attributes)))).flat();
    if (found.length === 0) throw new LoginRefused('unknown-user', 'no entry matches the user search filter');
    if (found.length > 1) {
      throw new LoginRefused('ambiguous-user', `the user search filter matches ${found.length} entries (${found.map((e) => e.dn).join('; ')}) - please fix the search filter`);
    }
    return found[0];
  }

  private async groupsOf(session: LookupSession, username: string, userDn: string): Promise<string[]> {
    const template = this.settings.groupSearchFilter;
    if (template === undefined) return [];
    const filter = groupSearchFilter(template, username, userDn);
    const found = await Promise.all(this.settings.groupSearchBases.map((base) => session.search(base, filter, NO_ATTRIBUTES)));
    return found.flat().map((entry) => normalized(entry.dn));
  }

  private wantedAttributes(entry: DirectoryEntry): Record<string, string[]> {
    const wanted = new Set(this.settings.userAttributes.map((a) => a.toLowerCase()));
    return Object.fromEntries(Object.entries(entry.attributes).filter(([name, values]) => wanted.has(name.toLowerCase()) && values.length > 0));
  }
}

function normalized(dn: string): string {
  const result = normalizeDn(dn);
  if (result === null) throw new DirectoryFailure('error', `the directory returned "${dn}", which is not a DN`);
  return result;
}
