import type { RandomSource } from '../ports.js';
import type { SealedSecret, SecretSealer } from './secret-sealer.js';
import type { SigningKey } from './session-token.js';

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
}

export const signingKeyContext = (kid: string) => `sts/keyring/${kid}`;

/**
 * The signing keys of session tokens. The newest active key signs; every key still present
 * verifies, so a rotation (a later issue) never invalidates live sessions.
 */
export class SigningKeyring {
  private constructor(private readonly signing: SigningKey, readonly verifying: ReadonlyMap<string, Buffer>) {}

  static async load(store: KeyringStore, sealer: SecretSealer, random: RandomSource, now: number): Promise<SigningKeyring> {
    let stored = await store.list();
    if (!stored.some((k) => k.state === 'active')) {
      const kid = random.bytes(8).toString('hex');
      const secret = random.bytes(64).toString('base64');
      await store.createFirst({ kid, secret: sealer.seal(secret, signingKeyContext(kid)), state: 'active', createdAt: now });
      stored = await store.list();
    }
    const verifying = new Map(stored.map((k) => [k.kid, Buffer.from(sealer.open(k.secret, signingKeyContext(k.kid)), 'base64')] as const));
    const active = stored.filter((k) => k.state === 'active').sort((a, b) => b.createdAt - a.createdAt || a.kid.localeCompare(b.kid))[0];
    if (!active) throw new Error('the signing keyring has no active key');
    return new SigningKeyring({ kid: active.kid, secret: verifying.get(active.kid)! }, verifying);
  }

  active(): SigningKey {
    return this.signing;
  }
}
