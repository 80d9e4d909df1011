// A certified OpenID provider (panva/oidc-provider 9) on loopback: real id_tokens from an
// authorization-code flow with PKCE driven by hand, and client-credentials JWT access tokens.
import { createHash, randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import { freePorts } from '../../scripts/lib/servers.mjs';

const REDIRECT_URI = 'http://127.0.0.1/callback';
const TTL = { AccessToken: 600, AuthorizationCode: 60, ClientCredentials: 600, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 };

export interface RealIdpOptions {
  /** The client that logs users in (its id is the id_token's `aud`). */
  webClient: { id: string; secret: string };
  /** The client of the client-credentials grant; its tokens name `audience`. */
  serviceClient: { id: string; secret: string };
  audience: string;
}

export class RealIdp {
  private constructor(private readonly server: Server, readonly issuer: string, private readonly options: RealIdpOptions) {}

  static async start(options: RealIdpOptions): Promise<RealIdp> {
    const [port] = await freePorts(1);
    const issuer = `http://127.0.0.1:${port}`;
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    // It warns that Node 20, the memory adapter and devInteractions are not for production: known.
    const provider = await withoutProviderWarnings(async () => new (await import('oidc-provider')).default(issuer, {
      clients: [
        { client_id: options.webClient.id, client_secret: options.webClient.secret, redirect_uris: [REDIRECT_URI], grant_types: ['authorization_code'], response_types: ['code'] },
        { client_id: options.serviceClient.id, client_secret: options.serviceClient.secret, grant_types: ['client_credentials'], redirect_uris: [], response_types: [] },
      ],
      jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'real-idp-1', alg: 'RS256', use: 'sig' }] },
      findAccount: (_ctx: unknown, sub: string) => ({ accountId: sub, claims: () => ({ sub, email: `${sub}@example.test` }) }),
      claims: { openid: ['sub'], email: ['email'] },
      ttl: TTL,
      features: {
        devInteractions: { enabled: true },
        clientCredentials: { enabled: true },
        resourceIndicators: {
          enabled: true, defaultResource: () => 'urn:sts', useGrantedResource: () => true,
          getResourceServerInfo: () => ({ scope: 'sts', audience: options.audience, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
        },
      },
    }));
    const server = provider.listen(port, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    return new RealIdp(server, issuer, options);
  }

  get configUrl(): string {
    return `${this.issuer}/.well-known/openid-configuration`;
  }

  /** Logs `login` in through the browser flow (login, then consent) and exchanges the code for an id_token. */
  async idToken(login: string): Promise<string> {
    const verifier = randomBytes(32).toString('base64url');
    const browser = new CookieBrowser();
    const query = new URLSearchParams({
      client_id: this.options.webClient.id, response_type: 'code', scope: 'openid email', redirect_uri: REDIRECT_URI,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256', nonce: randomBytes(8).toString('hex'),
    });
    let location = await browser.redirect(`${this.issuer}/auth?${query}`);
    while (!location.startsWith(REDIRECT_URI)) {
      if (location.includes('/interaction/')) {
        const page = await browser.page(location);
        const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
        location = await browser.redirect(location, new URLSearchParams({ prompt: prompt ?? 'login', login, password: 'any' }));
      } else {
        location = await browser.redirect(location);
      }
    }
    const code = new URL(location).searchParams.get('code');
    const tokens = await this.token(this.options.webClient, { grant_type: 'authorization_code', code: code ?? '', redirect_uri: REDIRECT_URI, code_verifier: verifier });
    return tokens.id_token as string;
  }

  /** A JWT access token (`at+jwt`) for the service client, as a machine gets one. */
  async clientCredentialsToken(): Promise<string> {
    return (await this.token(this.options.serviceClient, { grant_type: 'client_credentials', scope: 'sts' })).access_token as string;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async token(client: { id: string; secret: string }, form: Record<string, string>): Promise<Record<string, unknown>> {
    const response = await fetch(`${this.issuer}/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
    if (!response.ok) throw new Error(`token endpoint answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
  }
}

async function withoutProviderWarnings<T>(build: () => Promise<T>): Promise<T> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => (String(args[0]).startsWith('oidc-provider') ? undefined : warn(...args));
  try {
    return await build();
  } finally {
    console.warn = warn;
  }
}

/** Just enough of a browser: cookies and manual redirects. */
class CookieBrowser {
  private readonly cookies = new Map<string, string>();

  async redirect(url: string, form?: URLSearchParams): Promise<string> {
    const response = await this.fetch(url, form);
    const location = response.headers.get('location');
    if (!location) throw new Error(`expected a redirect from ${url}, got ${response.status}`);
    return new URL(location, url).toString();
  }

  async page(url: string): Promise<string> {
    return (await this.fetch(url)).text();
  }

  private async fetch(url: string, form?: URLSearchParams): Promise<Response> {
    const headers: Record<string, string> = { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(url, { method: form ? 'POST' : 'GET', body: form, headers, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  }
}
