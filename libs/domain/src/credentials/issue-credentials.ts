import { hash } from 'node:crypto';
import { StsError, type IssueCredentialRequest, type IssuedCredentials } from '#contracts';
import type { Clock, RandomSource } from '../ports.js';
import { generateAccessKey, generateSecretKey } from './access-keys.js';
import { credentialSecretContext, type CredentialRecord, type CredentialStore } from './credential-record.js';
import type { SecretSealer } from '../sealing/secret-sealer.js';
import { signSessionToken, type SessionClaims, type SessionTokenKey } from './session-token.js';

export interface ActiveSigningKey {
  active(): SessionTokenKey;
}

const MAX_KEY_COLLISIONS = 3;

/** The last expiry formatted: the credentials minted within one second share it. */
const lastExpiration = { epochMs: Number.NaN, text: '' };

/** MinIO writes `Expiration` as RFC 3339 UTC without fractional seconds. */
export function formatExpiration(epochMs: number): string {
  if (epochMs !== lastExpiration.epochMs) {
    lastExpiration.text = new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
    lastExpiration.epochMs = epochMs;
  }
  return lastExpiration.text;
}

/**
 * `{ ...extra, ...own }` (the issuer's own claims win), copied key by key: V8 (node 20) spreads an
 * object that came out of JSON.parse and the contract schema about 5 µs slower than it assigns the
 * same properties, a fifth of the issuer's JavaScript per web-identity credential (docs/performance.md).
 * A `__proto__` claim stays a plain claim, as with a spread.
 */
function sessionClaims(extra: Record<string, unknown> | undefined, own: SessionClaims): SessionClaims {
  if (extra === undefined) return own;
  const claims: Record<string, unknown> = {};
  for (const name of Object.keys(extra)) {
    if (name === '__proto__') Object.defineProperty(claims, name, { value: extra[name], enumerable: true, writable: true, configurable: true });
    else claims[name] = extra[name];
  }
  return Object.assign(claims, own);
}

export class IssueCredentials {
  constructor(
    private readonly store: CredentialStore,
    private readonly keyring: ActiveSigningKey,
    private readonly sealer: SecretSealer,
    private readonly clock: Clock,
    private readonly random: RandomSource,
  ) {}

  /** Mints and stores; nothing is returned unless the store confirmed the write. */
  async execute(request: IssueCredentialRequest): Promise<{ credentials: IssuedCredentials; record: CredentialRecord }> {
    for (let attempt = 0; attempt < MAX_KEY_COLLISIONS; attempt++) {
      const minted = this.mint(request);
      if (await this.store.create(minted.record)) return minted;
    }
    throw new StsError('InternalError', 'Could not allocate a unique access key, please try again.');
  }

  private mint(request: IssueCredentialRequest) {
    const now = this.clock.now();
    const issuedAtSeconds = Math.floor(now / 1000);
    const exp = issuedAtSeconds + request.durationSeconds;
    const accessKey = generateAccessKey(this.random);
    const secretKey = generateSecretKey(this.random);
    const key = this.keyring.active();
    const claims = sessionClaims(request.claims, { accessKey, parent: request.parent, exp, iat: issuedAtSeconds });
    if (request.sessionPolicy) claims.sessionPolicy = Buffer.from(request.sessionPolicy).toString('base64');
    if (request.tokenRevokeType) claims.tokenRevokeType = request.tokenRevokeType;
    const sessionToken = signSessionToken(claims, key);
    const record: CredentialRecord = {
      version: 1,
      accessKey,
      secretKey: this.sealer.seal(secretKey, credentialSecretContext(accessKey)),
      sessionTokenSha256: hash('sha256', sessionToken),
      parent: request.parent,
      provider: request.provider,
      roleSessionName: request.roleSessionName,
      sessionPolicy: request.sessionPolicy,
      tokenRevokeType: request.tokenRevokeType,
      policies: request.policies,
      groups: request.groups,
      kid: key.kid,
      // Milliseconds, unlike the token's `iat`: compared with the parent's creation time.
      issuedAt: now,
      expiresAt: exp * 1000,
    };
    const credentials: IssuedCredentials = {
      accessKeyId: accessKey,
      secretAccessKey: secretKey,
      sessionToken,
      expiration: formatExpiration(exp * 1000),
      issuedTo: { parent: request.parent, provider: request.provider, policies: request.policies },
    };
    return { credentials, record };
  }
}
