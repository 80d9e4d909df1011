import { NoSuchObjectError, type Client, type Entry } from 'ldapts';
import { DirectoryFailure, type Directory, type DirectoryEntry, type LookupSession } from '#domain';
import { closeQuietly, openBound, type LdapConnectionOptions } from './ldap-connection.js';
import { directoryFailureOf, isCredentialsRefusal } from './ldap-errors.js';
import { LookupPool } from './lookup-pool.js';

export interface LdapDirectoryOptions extends LdapConnectionOptions {
  /** Lookup-bound connections kept for reuse. */
  poolSize: number;
}

/** The Directory port over ldapts (reference §4.2). */
export class LdapDirectory implements Directory {
  private readonly pool: LookupPool;

  constructor(private readonly options: LdapDirectoryOptions) {
    this.pool = new LookupPool(() => this.openLookup(), { size: options.poolSize, acquireTimeoutMs: options.timeoutMs });
  }

  withLookupSession<T>(work: (session: LookupSession) => Promise<T>): Promise<T> {
    return this.pool.use((client) => work(new PooledLookupSession(client)));
  }

  async checkPassword(dn: string, password: string): Promise<boolean> {
    let client: Client;
    try {
      client = await openBound(this.options, dn, password);
    } catch (error) {
      if (isCredentialsRefusal(error)) return false;
      throw directoryFailureOf(error, 'user bind');
    }
    await closeQuietly(client);
    return true;
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private async openLookup(): Promise<Client> {
    const { lookupBindDn, lookupBindPassword } = this.options.settings;
    try {
      return await openBound(this.options, lookupBindDn, lookupBindPassword);
    } catch (error) {
      if (isCredentialsRefusal(error)) throw new DirectoryFailure('lookup-bind-refused', `lookup bind as ${lookupBindDn}: ${(error as Error).message.trim()}`, { cause: error });
      throw directoryFailureOf(error, 'lookup bind');
    }
  }
}

/** Searches on one pooled connection; every LDAP error leaves as a DirectoryFailure. */
class PooledLookupSession implements LookupSession {
  constructor(private readonly client: Client) {}

  async search(base: string, filter: string, attributes: readonly string[]): Promise<DirectoryEntry[]> {
    this.assertBound();
    try {
      const { searchEntries } = await this.client.search(base, { scope: 'sub', derefAliases: 'never', filter, attributes: [...attributes] });
      return searchEntries.map(toDirectoryEntry);
    } catch (error) {
      throw directoryFailureOf(error, `search under ${base}`);
    }
  }

  async read(dn: string): Promise<string | null> {
    this.assertBound();
    try {
      const { searchEntries } = await this.client.search(dn, { scope: 'base', derefAliases: 'never', filter: '(objectClass=*)', attributes: ['1.1'] });
      return searchEntries[0]?.dn ?? null;
    } catch (error) {
      if (error instanceof NoSuchObjectError) return null;
      throw directoryFailureOf(error, `read of ${dn}`);
    }
  }

  /** Checked right before each call: ldapts would otherwise reconnect without binding. */
  private assertBound(): void {
    if (!this.client.isBound) throw new DirectoryFailure('unreachable', 'the lookup connection was closed by the server');
  }
}

function toDirectoryEntry(entry: Entry): DirectoryEntry {
  const attributes: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(entry)) {
    if (name === 'dn' || name === '1.1') continue;
    attributes[name] = (Array.isArray(value) ? value : [value]).map((v) => v.toString());
  }
  return { dn: entry.dn, attributes };
}
