import { StsError } from '#contracts';
import { fetchDiscovery, type OpenIdDiscovery } from './discovery.js';
import { getIdpJson, idpUnavailable, isJsonObject, reason } from './idp-http.js';
import type { IdpClientOptions, IdpLog } from './idp-options.js';
import { JwksCache } from './jwks-cache.js';
import { RefreshGate } from './refresh-gate.js';

/**
 * Everything the verifiers fetch from one provider: the discovery document (once it succeeds, it
 * is kept), its JWKS, and UserInfo. The app starts without the IdP; until discovery succeeds,
 * requests try again at most once per refetch interval and otherwise fail fast.
 */
export class OpenIdProviderConnection {
  readonly jwks: JwksCache;
  private discovered?: OpenIdDiscovery;
  private readonly discoveryGate: RefreshGate<OpenIdDiscovery>;

  constructor(private readonly configUrl: string, private readonly options: IdpClientOptions, private readonly log: IdpLog) {
    this.discoveryGate = new RefreshGate(options.refetchIntervalMs);
    this.jwks = new JwksCache(async () => (await this.discovery()).jwksUri, options, log);
  }

  async discovery(): Promise<OpenIdDiscovery> {
    return this.discovered ?? this.discoveryGate.run(() => this.discover());
  }

  /** Warms discovery and keys at boot; failures are logged and retried on demand. */
  start(): void {
    void this.jwks.current().catch(() => undefined);
    this.jwks.startBackgroundRefresh();
  }

  stop(): void {
    this.jwks.stop();
  }

  /** UserInfo claims for an access token (MinIO `claim_userinfo`, §3.3). */
  async userInfo(accessToken: string): Promise<Record<string, unknown>> {
    const endpoint = (await this.discovery()).userinfoEndpoint;
    if (!endpoint) throw idpUnavailable(new Error('the discovery document names no userinfo_endpoint'));
    const { status, json } = await getIdpJson(endpoint, { timeoutMs: this.options.timeoutMs, bearer: accessToken });
    if (status === 401 || status === 403) throw new StsError('InvalidIdentityToken', 'The identity provider refused the access token');
    if (status !== 200 || !isJsonObject(json)) throw idpUnavailable(new Error(`userinfo answered HTTP ${status}`));
    return json;
  }

  private async discover(): Promise<OpenIdDiscovery> {
    try {
      this.discovered = await fetchDiscovery(this.configUrl, this.options.timeoutMs);
      return this.discovered;
    } catch (error) {
      const failure = error instanceof StsError ? error : idpUnavailable(error);
      this.log.warn(`OpenID discovery at ${this.configUrl} failed (${reason(failure)})`);
      throw failure;
    }
  }
}
