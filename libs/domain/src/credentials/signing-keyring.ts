import type { RandomSource } from '../ports.js';
import type { SealedSecret, SecretSealer } from '../sealing/secret-sealer.js';
import { SessionTokenKey, sessionTokenKid, sessionTokenSignedBy } from './session-token.js';

export interface StoredSigningKey {
  kid: string;
  secret: SealedSecret;
  state: 'active' | 'verify-only';
  createdAt: number;
}

/** Storage port for the session-token keyring. */
export interface KeyringStore {
  list(): Promise<StoredSigningKey[]>;
  /** Creates the first key unless some replica already did; `false` when it lost that race. */
  createFirst(key: StoredSigningKey): Promise<boolean>;
  /** In one transaction: the new key becomes the only active one, the others verify-only. */
  rotate(next: StoredSigningKey, demoted: readonly StoredSigningKey[]): Promise<void>;
  remove(kids: readonly string[]): Promise<void>;
}

export const signingKeyContext = (kid: string) => `sts/keyring/${kid}`;

/**
 * The signing keys of session tokens, with `kid` in every token. The newest active key signs; older
 * keys stay (verify-only) until no live credential they signed remains, so a rotation never
 * invalidates a live session, and the root password plays no part (DESIGN §7).
 */
export class SigningKeyring {
  private signing!: SessionTokenKey;
  private keys: StoredSigningKey[] = [];
  private secrets = new Map<string, Buffer>();

  constructor(private readonly store: KeyringStore, private readonly sealer: SecretSealer, private readonly random: RandomSource) {}

  /** Loads the keyring, creating the first key when there is none (one replica wins that race). */
  async load(now: number): Promise<this> {
    let stored = await this.store.list();
    if (!stored.some((k) => k.state === 'active')) {
      await this.store.createFirst(this.newKey(now));
      stored = await this.store.list();
    }
    const active = stored.filter((k) => k.state === 'active').sort((a, b) => b.createdAt - a.createdAt || a.kid.localeCompare(b.kid))[0];
    if (!active) throw new Error('the signing keyring has no active key');
    this.secrets = new Map(stored.map((k) => [k.kid, Buffer.from(this.sealer.open(k.secret, signingKeyContext(k.kid)), 'base64')]));
    this.signing = new SessionTokenKey(active.kid, this.secrets.get(active.kid)!);
    this.keys = stored;
    return this;
  }

  active(): SessionTokenKey {
    return this.signing;
  }

  /**
   * Whether a session token was signed by a key of this keyring, active or verify-only. A `kid` not
   * known here yet may come from a rotation on another issuer replica: the keyring is reloaded once.
   */
  async signed(token: string, now: number): Promise<boolean> {
    const kid = sessionTokenKid(token);
    if (kid === undefined) return false;
    if (!this.secrets.has(kid)) await this.load(now);
    const secret = this.secrets.get(kid);
    return secret !== undefined && sessionTokenSignedBy(token, secret);
  }

  /** Whether a key already loaded here signed the token: never reloads (no read for a made-up `kid`). */
  signedByLoadedKey(token: string): boolean {
    const kid = sessionTokenKid(token);
    const secret = kid === undefined ? undefined : this.secrets.get(kid);
    return secret !== undefined && sessionTokenSignedBy(token, secret);
  }

  list(): readonly StoredSigningKey[] {
    return this.keys;
  }

  /** A new active key; every other key becomes verify-only. */
  async rotate(now: number): Promise<string> {
    const current = await this.store.list();
    const next = this.newKey(now);
    await this.store.rotate(next, current.filter((k) => k.state === 'active').map((k) => ({ ...k, state: 'verify-only' as const })));
    await this.load(now);
    return next.kid;
  }

  /** Removes verify-only keys that no live credential references any more. */
  async prune(liveKids: ReadonlySet<string>, now: number): Promise<string[]> {
    const retired = (await this.store.list()).filter((k) => k.state === 'verify-only' && !liveKids.has(k.kid)).map((k) => k.kid);
    if (retired.length > 0) {
      await this.store.remove(retired);
      await this.load(now);
    }
    return retired;
  }

  private newKey(now: number): StoredSigningKey {
    const kid = this.random.bytes(8).toString('hex');
    const secret = this.random.bytes(64).toString('base64');
    return { kid, secret: this.sealer.seal(secret, signingKeyContext(kid)), state: 'active', createdAt: now };
  }
}
