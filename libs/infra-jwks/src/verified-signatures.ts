import { hash, type KeyObject } from 'node:crypto';

/** Enough for every token a busy verifier sees reused within their lifetimes; about 100 bytes each. */
const DEFAULT_LIMIT = 4096;

interface Verified {
  readonly key: KeyObject;
  readonly untilMs: number;
}

/**
 * Identity tokens whose signature a key already checked, so a token presented again (clients reuse
 * an id token until it expires) skips the RSA verification. Only the signature is remembered: the
 * claims (exp, nbf, iss, aud, iat) are checked on every request, and the key is looked up in the
 * current key set every time, so a key rotated out of the JWKS stops a remembered token at once.
 * An entry is named by the SHA-256 of the whole token (never the token itself: a heap dump shows no
 * bearer token) and kept at most until the token's `exp`; the oldest entry goes first when full.
 */
export class VerifiedSignatures {
  private readonly entries = new Map<string, Verified>();

  constructor(private readonly limit = DEFAULT_LIMIT) {}

  /** The name of `token` here: SHA-256 over all of its bytes. */
  static nameOf(token: string): string {
    return hash('sha256', token, 'base64');
  }

  /** Whether `key` checked the signature of the token named `name`, and its `exp` has not passed at `nowMs`. */
  checkedBy(name: string, key: KeyObject, nowMs: number): boolean {
    const entry = this.entries.get(name);
    if (entry === undefined) return false;
    if (nowMs >= entry.untilMs) {
      this.entries.delete(name);
      return false;
    }
    return entry.key === key;
  }

  /** Remembers that `key` checked the token named `name`, until `expSeconds` (a token without a numeric exp is not kept). */
  remember(name: string, key: KeyObject, expSeconds: unknown, nowMs: number): void {
    if (typeof expSeconds !== 'number' || !Number.isFinite(expSeconds) || expSeconds * 1000 <= nowMs) return;
    this.entries.delete(name);
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(name, { key, untilMs: expSeconds * 1000 });
  }

  get size(): number {
    return this.entries.size;
  }
}
