// An OAuth2/OpenID provider with arbitrary claims (oauth2-mock-server 8) on loopback, for tokens a
// real IdP would never mint: hostile ones, odd claims, rotated keys, an outage. Its service runs on
// our own HTTP server, so a test can stop it, restart it on the same port, or make it hang.
import { createServer, type Server } from 'node:http';
import { importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import { OAuth2Issuer, OAuth2Service } from 'oauth2-mock-server';

export interface MintOptions {
  kid?: string;
  /** Seconds from now; negative gives an expired token. */
  expiresIn?: number;
  /** Header fields to set or, with undefined, to remove (e.g. `kid`). */
  header?: Record<string, unknown>;
}

export class MockIdp {
  readonly mock = { issuer: new OAuth2Issuer(), service: undefined as unknown as OAuth2Service };
  private readonly server: Server;
  private hanging = false;
  private port = 0;

  private constructor() {
    this.mock.service = new OAuth2Service(this.mock.issuer);
    const handler = this.mock.service.requestHandler;
    // A hanging IdP accepts the request and never answers: callers can only time out.
    this.server = createServer((req, res) => (this.hanging ? undefined : handler(req, res)));
  }

  /** Starts on `port` (0: any free one) with one RS256 key. */
  static async start(port = 0): Promise<MockIdp> {
    const idp = new MockIdp();
    await idp.mock.issuer.keys.generate('RS256');
    await idp.listen(port);
    // Its default issuer would be http://localhost:PORT whatever it binds to (toolchain §4c).
    idp.mock.issuer.url = idp.issuer;
    return idp;
  }

  get issuer(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get configUrl(): string {
    return `${this.issuer}/.well-known/openid-configuration`;
  }

  /** A token signed by the IdP's key (round-robin, or `kid`), with these claims over iss/iat/nbf/exp. */
  mint(claims: JWTPayload, options: MintOptions = {}): Promise<string> {
    return this.mock.issuer.buildToken({
      kid: options.kid,
      expiresIn: options.expiresIn ?? 600,
      scopesOrTransform: (header, payload) => {
        Object.assign(payload, claims);
        for (const [name, value] of Object.entries(options.header ?? {})) {
          if (value === undefined) delete header[name];
          else header[name] = value;
        }
      },
    });
  }

  /** Signs anything with the private key of `kid` (or the first key), for tokens buildToken cannot make. */
  async sign(header: Record<string, unknown>, payload: JWTPayload, kid?: string): Promise<string> {
    const jwk = this.privateJwk(kid);
    const key = await importJWK(jwk, jwk.alg as string);
    return new SignJWT(payload).setProtectedHeader({ alg: jwk.alg as string, kid: jwk.kid, ...header }).sign(key);
  }

  privateJwk(kid?: string): JWK {
    const keys = this.mock.issuer.keys.toJSON(true) as JWK[];
    return keys.find((k) => kid === undefined || k.kid === kid) ?? keys[0];
  }

  /** Adds a key to the JWKS (the IdP rotating in a new signing key) and returns its kid. */
  async rotate(alg = 'RS256'): Promise<string> {
    return (await this.mock.issuer.keys.generate(alg)).kid;
  }

  hang(): void {
    this.hanging = true;
  }

  async stop(): Promise<void> {
    if (!this.server.listening) return;
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** Back on the same port, answering again. */
  async restart(): Promise<void> {
    await this.stop();
    this.hanging = false;
    await this.listen(this.port);
  }

  private async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => this.server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as { port: number }).port;
  }
}
