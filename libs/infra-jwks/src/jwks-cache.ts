import { createLocalJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { StsError } from '#contracts';
import { getIdpJson, idpUnavailable, isJsonObject, reason } from './idp-http.js';
import type { IdpClientOptions, IdpLog } from './idp-options.js';
import { RefreshGate } from './refresh-gate.js';

/** jose's key selection by `kid`, `alg`, `kty`, `crv` and `use`; only public keys, never `oct`. */
export type KeySet = JWTVerifyGetKey;

/**
 * One provider's signing keys. Kept until a download succeeds, so an IdP outage does not stop
 * tokens signed with known keys; refetched (rate-limited) when a token names an unknown `kid`, and
 * on a schedule.
 */
export class JwksCache {
  private keys?: KeySet;
  private readonly gate: RefreshGate<KeySet>;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly jwksUri: () => Promise<string>,
    private readonly options: IdpClientOptions,
    private readonly log: IdpLog,
  ) {
    this.gate = new RefreshGate(options.refetchIntervalMs);
  }

  /** The known keys, downloaded on first use. */
  async current(): Promise<KeySet> {
    return this.keys ?? this.gate.run(() => this.download());
  }

  /** After an unknown kid: downloads the set again, unless that was done within the refetch interval. */
  refetch(): Promise<KeySet> {
    return this.gate.run(() => this.download(), true);
  }

  startBackgroundRefresh(): void {
    this.timer ??= setInterval(() => void this.gate.run(() => this.download()).catch(() => undefined), this.options.refreshIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async download(): Promise<KeySet> {
    try {
      const { status, json } = await getIdpJson(await this.jwksUri(), { timeoutMs: this.options.timeoutMs });
      if (status !== 200 || !isJsonObject(json)) throw new Error(`JWKS answered HTTP ${status}`);
      this.keys = createLocalJWKSet(json as unknown as JSONWebKeySet);
      return this.keys;
    } catch (error) {
      const failure = error instanceof StsError ? error : idpUnavailable(error);
      this.log.warn(`JWKS download failed; the last good keys stay in use (${reason(failure)})`);
      throw failure;
    }
  }
}
