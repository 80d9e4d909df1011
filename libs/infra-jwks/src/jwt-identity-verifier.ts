import { decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyOptions, type ProtectedHeaderParameters } from 'jose';
import { StsError } from '#contracts';
import { checkAudience, checkIssuedAt, mergeUserInfo, type Clock, type IdentityClaims, type IdentityTokenVerifier, type OpenIdProviderConfig } from '#domain';
import type { TokenRules } from './idp-options.js';
import { decodedSegment } from './claims-set.js';
import { signatureWasValid, toStsError } from './jose-errors.js';
import { verifyJwt } from './rs256-signature.js';
import type { KeySet } from './jwks-cache.js';
import type { OpenIdProviderConnection } from './openid-provider-connection.js';

/** Public-key algorithms, whose keys come only from the provider's JWKS. */
const ASYMMETRIC = new Set(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519']);
/** HMAC, only with the configured client secret: never with a JWKS key (algorithm confusion). */
const HMAC = new Set(['HS256', 'HS384', 'HS512']);

const invalid = (message: string) => new StsError('InvalidIdentityToken', message);

/**
 * Validates identity tokens for one provider (MinIO §3.3 with DESIGN §7): an explicit algorithm
 * allow-list, `iss` equal to the discovery issuer, `aud`/`azp`, `exp` required, `exp`/`nbf`/`iat`
 * with leeway, then UserInfo when asked. Every verdict is a coded StsError with a fixed message.
 */
export class JwtIdentityVerifier implements IdentityTokenVerifier {
  constructor(
    private readonly config: OpenIdProviderConfig,
    private readonly connection: OpenIdProviderConnection,
    private readonly rules: TokenRules,
    private readonly clock: Clock,
  ) {}

  async verify(token: string, accessToken: string | undefined): Promise<IdentityClaims> {
    if (Buffer.byteLength(token, 'utf8') > this.rules.maxTokenBytes) throw invalid(`The token is larger than ${this.rules.maxTokenBytes} bytes`);
    const header = protectedHeaderOf(token);
    const alg = this.allowedAlgorithm(header);
    const options: JWTVerifyOptions = {
      algorithms: [alg],
      issuer: (await this.connection.discovery()).issuer,
      requiredClaims: ['exp'],
      clockTolerance: this.rules.clockSkewSeconds,
      currentDate: new Date(this.clock.now()),
    };
    const claims = await (HMAC.has(alg) ? this.verifyWithSecret(token, header, options) : this.verifyWithJwks(token, header, options)).catch((e) => {
      throw toStsError(e);
    });
    checkIssuedAt(claims, Math.floor(this.clock.now() / 1000), this.rules.clockSkewSeconds);
    checkAudience(claims, this.config.clientId);
    return accessToken === undefined ? claims : mergeUserInfo(claims, await this.connection.userInfo(accessToken));
  }

  private allowedAlgorithm(header: ProtectedHeaderParameters): string {
    const alg = header.alg;
    if (typeof alg === 'string' && (ASYMMETRIC.has(alg) || (HMAC.has(alg) && this.config.clientSecret))) return alg;
    throw invalid('The token algorithm is not allowed');
  }

  /** MinIO keys the client secret by the client id as `kid` (§3.2); no `kid` is accepted too. */
  private async verifyWithSecret(token: string, header: ProtectedHeaderParameters, options: JWTVerifyOptions): Promise<JWTPayload> {
    if (header.kid !== undefined && header.kid !== this.config.clientId) throw invalid('No key of the identity provider matches the token');
    return (await jwtVerify(token, new TextEncoder().encode(this.config.clientSecret), options)).payload;
  }

  private async verifyWithJwks(token: string, header: ProtectedHeaderParameters, options: JWTVerifyOptions): Promise<JWTPayload> {
    try {
      return await verifyWithKeySet(token, header, await this.connection.jwks.current(), options);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
    }
    // An unknown kid may be a key the IdP has just rotated in (minio/minio#10359): fetch again.
    return verifyWithKeySet(token, header, await this.connection.jwks.refetch(), options);
  }
}

async function verifyWithKeySet(token: string, header: ProtectedHeaderParameters, keys: KeySet, options: JWTVerifyOptions): Promise<JWTPayload> {
  try {
    return await verifyJwt(token, header, keys, options);
  } catch (error) {
    if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw error;
    return verifyWithEachKey(token, error as unknown as AsyncIterable<CryptoKey>, options);
  }
}

/**
 * A token without `kid` (or with a `kid` several keys share) is accepted when exactly one
 * candidate key verifies its signature (DESIGN §7; MinIO refuses every token without `kid`).
 */
async function verifyWithEachKey(token: string, candidates: AsyncIterable<CryptoKey>, options: JWTVerifyOptions): Promise<JWTPayload> {
  const outcomes: Array<{ payload?: JWTPayload; error?: unknown }> = [];
  for await (const key of candidates) {
    try {
      outcomes.push({ payload: (await jwtVerify(token, key, options)).payload });
    } catch (error) {
      if (signatureWasValid(error)) outcomes.push({ error });
    }
  }
  if (outcomes.length === 0) throw new errors.JWSSignatureVerificationFailed();
  if (outcomes.length > 1) throw invalid('More than one key of the identity provider verifies the token; it must name its key (kid)');
  if (outcomes[0].error !== undefined) throw outcomes[0].error;
  return outcomes[0].payload as JWTPayload;
}

/** Decoded directly when jose would decode it the same way (decodedSegment), else by jose. */
function protectedHeaderOf(token: string): ProtectedHeaderParameters {
  const parts = token.split('.');
  const header = parts.length === 3 || parts.length === 5 ? decodedSegment(parts[0]) : undefined;
  if (header !== undefined) return header as ProtectedHeaderParameters;
  try {
    return decodeProtectedHeader(token);
  } catch {
    throw invalid('The token is not a valid signed JWT');
  }
}
