import type { Directory, DirectoryEntry, DirectoryFailure, LookupSession } from '../ldap/directory.js';
import type { HeldReservation, LoginBudgetKey, LoginFailureBudget } from '../ldap/login-throttle.js';

/** A directory that answers searches from a table keyed by base and exact filter text. */
export class InMemoryDirectory implements Directory {
  readonly searches: Array<{ base: string; filter: string }> = [];
  readonly binds: Array<{ dn: string; password: string }> = [];
  readonly passwords = new Map<string, string>();
  readonly existing = new Set<string>();
  failWith?: DirectoryFailure;
  private readonly answers = new Map<string, DirectoryEntry[]>();

  answer(base: string, filter: string, entries: DirectoryEntry[]): this {
    this.answers.set(`${base}|${filter}`, entries);
    return this;
  }

  async withLookupSession<T>(work: (session: LookupSession) => Promise<T>): Promise<T> {
    if (this.failWith) throw this.failWith;
    return work({
      search: async (base, filter) => {
        this.searches.push({ base, filter });
        return this.answers.get(`${base}|${filter}`) ?? [];
      },
      read: async (dn) => (this.existing.has(dn) ? dn : null),
    });
  }

  async checkPassword(dn: string, password: string): Promise<boolean> {
    this.binds.push({ dn, password });
    if (this.failWith) throw this.failWith;
    return this.passwords.get(dn) === password;
  }

  get traffic(): number {
    return this.searches.length + this.binds.length;
  }
}

/** Budgets in a map; `failWith` makes reserving fail. */
export class InMemoryLoginFailures implements LoginFailureBudget {
  readonly counters = new Map<string, number>();
  readonly windows: number[] = [];
  /** Give-back calls, each with any number of reservations. */
  releases = 0;
  failWith?: Error;
  private next = 0;

  async reserve(keys: readonly LoginBudgetKey[], windowSeconds: number): Promise<string | null> {
    if (this.failWith) throw this.failWith;
    if (keys.some(({ key, limit }) => (this.counters.get(key) ?? 0) >= limit)) return null;
    this.windows.push(windowSeconds);
    for (const { key } of keys) this.counters.set(key, (this.counters.get(key) ?? 0) + 1);
    return String(++this.next);
  }

  async release(held: readonly HeldReservation[]): Promise<void> {
    this.releases++;
    for (const key of held.flatMap((h) => h.keys)) this.counters.set(key, (this.counters.get(key) ?? 1) - 1);
  }
}
