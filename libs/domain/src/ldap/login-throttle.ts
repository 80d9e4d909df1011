import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { StsError } from '#contracts';

/** Failure counters shared by every replica; each failure counts for one window after it (sliding). */
export interface LoginFailureCounters {
  /** Failures counted now per key; 0 for a key without failures or whose window has ended. */
  counts(keys: readonly string[]): Promise<number[]>;
  /** One more failure for each key. Throws when the failures could not be recorded. */
  record(keys: readonly string[], windowSeconds: number): Promise<void>;
}

export interface LoginLimits {
  /** Failed logins allowed per username within a window. */
  perUser: number;
  /** Failed logins allowed per client address (IPv6: per /64) within a window. */
  perClient: number;
  windowSeconds: number;
}

export const LOGIN_THROTTLED = 'Too many failed LDAP logins; please retry later.';

/**
 * Password guessing defence: once a username or a client address has used up its failures, every
 * attempt is refused before any LDAP traffic, with the right password too, until the window ends.
 * Checks and records are separate calls, so parallel attempts can overshoot a limit by the number
 * in flight; a successful login does not reset anything.
 */
export class LoginThrottle {
  constructor(private readonly counters: LoginFailureCounters, private readonly limits: LoginLimits) {}

  async assertAllowed(username: string, sourceIp: string | undefined): Promise<void> {
    const keys = this.keysOf(username, sourceIp);
    const counts = await this.counters.counts(keys.map((k) => k.key));
    if (counts.some((count, i) => count >= keys[i].limit)) throw new StsError('AccessDenied', LOGIN_THROTTLED);
  }

  recordFailure(username: string, sourceIp: string | undefined): Promise<void> {
    return this.counters.record(this.keysOf(username, sourceIp).map((k) => k.key), this.limits.windowSeconds);
  }

  private keysOf(username: string, sourceIp: string | undefined): Array<{ key: string; limit: number }> {
    const keys = [{ key: usernameKey(username), limit: this.limits.perUser }];
    const client = clientKey(sourceIp);
    if (client !== undefined) keys.push({ key: client, limit: this.limits.perClient });
    return keys;
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
