import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { StsError } from '#contracts';

/** One counter and the failures it allows within a window. */
export interface LoginBudgetKey {
  key: string;
  limit: number;
}

/** A reservation as its login holds it: the keys it took one unit of, and its id. */
export interface HeldReservation {
  keys: string[];
  reservation: string;
}

/**
 * Failure budgets shared by every replica; each failure counts for one window after it (sliding).
 * A reservation is taken before the directory is asked and counts as a failure until it is released,
 * so N parallel guesses cannot get past a limit: the check and the count are one atomic step.
 */
export interface LoginFailureBudget {
  /**
   * Reserves one failure on every key at once, unless one of them has used up its limit: then nothing
   * is reserved and the answer is null. Throws when the budget cannot be reached.
   */
  reserve(keys: readonly LoginBudgetKey[], windowSeconds: number): Promise<string | null>;
  /** Gives reservations back, all in one go: their attempt did not fail. */
  release(held: readonly HeldReservation[]): Promise<void>;
}

export interface LoginLimits {
  /** Failed logins allowed per username, and per directory entry, within a window. */
  perUser: number;
  /** Failed logins allowed per client address (IPv6: per /64) within a window. */
  perClient: number;
  windowSeconds: number;
}

/** The reservations one login attempt holds. */
export interface LoginAttempt {
  readonly held: HeldReservation[];
}

export const LOGIN_THROTTLED = 'Too many failed LDAP logins; please retry later.';

/**
 * Password guessing defence: a login reserves one failure of its username's and its client's budgets
 * before any LDAP traffic, and one of the directory entry's once the search has found it (so
 * `bob` and `bob@example.org` reaching the same entry share one budget). A failed bind keeps the
 * reservations; anything else gives them back. Once a budget is used up every attempt is refused,
 * with the right password too, until the window ends.
 */
export class LoginThrottle {
  constructor(private readonly budget: LoginFailureBudget, private readonly limits: LoginLimits) {}

  async begin(username: string, sourceIp: string | undefined): Promise<LoginAttempt> {
    const keys = [{ key: usernameKey(username), limit: this.limits.perUser }];
    const client = clientKey(sourceIp);
    if (client !== undefined) keys.push({ key: client, limit: this.limits.perClient });
    const attempt: LoginAttempt = { held: [] };
    await this.reserve(attempt, keys);
    return attempt;
  }

  /** The entry the username resolved to: its own budget, before the bind. */
  reserveEntry(attempt: LoginAttempt, dn: string): Promise<void> {
    return this.reserve(attempt, [{ key: entryKey(dn), limit: this.limits.perUser }]);
  }

  /**
   * The attempt did not fail (a successful bind, or it never reached one). A release that cannot be
   * made leaves the reservation counting as a failure until its window ends: it fails closed.
   */
  async release(attempt: LoginAttempt): Promise<void> {
    const held = attempt.held.splice(0);
    if (held.length > 0) await this.budget.release(held).catch(() => undefined);
  }

  private async reserve(attempt: LoginAttempt, keys: LoginBudgetKey[]): Promise<void> {
    const reservation = await this.budget.reserve(keys, this.limits.windowSeconds);
    if (reservation === null) throw new StsError('AccessDenied', LOGIN_THROTTLED);
    attempt.held.push({ keys: keys.map((k) => k.key), reservation });
  }
}

/**
 * Directories match usernames ignoring case and extra spaces, so `Alice` and ` alice` must share
 * a counter. Hashed because a password typed into the username field must not sit in etcd.
 */
export function usernameKey(username: string): string {
  const canonical = username.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
  return `user:${createHash('sha256').update(canonical).digest('hex').slice(0, 32)}`;
}

/** A directory entry by its normalized DN, hashed like usernames (and lower-cased: DN values match ignoring case). */
export function entryKey(dn: string): string {
  return `dn:${createHash('sha256').update(dn.toLowerCase()).digest('hex').slice(0, 32)}`;
}

/** IPv4 (also when mapped into IPv6) as is; IPv6 by its /64, which one host can fill at will. */
export function clientKey(ip: string | undefined): string | undefined {
  const address = ip?.trim().replace(/%.*$/, '') ?? '';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped !== undefined || isIP(address) === 4) return `client:${mapped ?? address}`;
  if (isIP(address) !== 6) return undefined;
  const [head, tail] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return `client:${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}
