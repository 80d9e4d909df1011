import type { SigningKeyInfo } from '#contracts';
import type { Clock } from '../ports.js';
import type { CredentialStore } from './credential-record.js';
import { formatExpiration } from './issue-credentials.js';
import type { SigningKeyring } from './signing-keyring.js';

export interface KeyringView {
  active: string;
  keys: SigningKeyInfo[];
}

/** Rotation and inspection of the session-token keyring (`sts keys rotate|list`). */
export class KeyringAdmin {
  constructor(private readonly keyring: SigningKeyring, private readonly credentials: CredentialStore, private readonly clock: Clock) {}

  async rotate(): Promise<KeyringView> {
    await this.keyring.rotate(this.clock.now());
    await this.prune();
    return this.view();
  }

  /** Verify-only keys retire when the last live credential they signed expires. */
  async prune(): Promise<string[]> {
    return this.keyring.prune(new Set((await this.liveExpiryByKid()).keys()), this.clock.now());
  }

  async view(): Promise<KeyringView> {
    await this.keyring.load(this.clock.now());
    const expiry = await this.liveExpiryByKid();
    const keys = this.keyring.list().map((k) => ({
      kid: k.kid,
      state: k.state,
      createdAt: formatExpiration(k.createdAt),
      retireAt: k.state === 'verify-only' ? formatExpiration(expiry.get(k.kid) ?? this.clock.now()) : undefined,
    }));
    return { active: this.keyring.active().kid, keys: keys.sort((a, b) => b.createdAt.localeCompare(a.createdAt)) };
  }

  private async liveExpiryByKid(): Promise<Map<string, number>> {
    const now = this.clock.now();
    const latest = new Map<string, number>();
    for (const r of await this.credentials.list()) {
      if (r.expiresAt > now) latest.set(r.kid, Math.max(latest.get(r.kid) ?? 0, r.expiresAt));
    }
    return latest;
  }
}
