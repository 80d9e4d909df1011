import { KeyObject, verify } from 'node:crypto';
import { errors, jwtVerify, UnsecuredJWT, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions, type ProtectedHeaderParameters } from 'jose';
import { certainlyAcceptedClaims, isStrictBase64url } from './claims-set.js';

/** The header of an unsecured JWT: UnsecuredJWT.decode then applies jwtVerify's claim rules to a payload. */
const UNSECURED_HEADER = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
const keyObjects = new WeakMap<CryptoKey, KeyObject>();

/**
 * jose's `jwtVerify(token, keys, options)` on the common path: RS256, one key of the set, no `crit`
 * or `b64` header. jose 6 checks signatures through WebCrypto, an asynchronous thread-pool job per
 * token: 97–215 µs of CPU per token against 24–45 µs for node:crypto's synchronous `verify` with the
 * same key (docs/performance.md, "Issuance over the bus, fourth pass"). Here the signature is
 * checked synchronously, then the claims: directly when jose would certainly accept them
 * (certainlyAcceptedClaims), else by jose with the same options (UnsecuredJWT.decode runs jwtVerify's
 * claim validation), so every refusal is jose's own, with its error class. Any other token, or a key that is not
 * an RSASSA-PKCS1-v1_5 SHA-256 public key of 2,048 bits or more, goes to jwtVerify unchanged.
 */
export async function verifyJwt(token: string, header: ProtectedHeaderParameters, keys: JWTVerifyGetKey, options: JWTVerifyOptions): Promise<JWTPayload> {
  const parts = token.split('.');
  const onCommonPath = header.alg === 'RS256' && header.crit === undefined && header.b64 === undefined && options.algorithms?.includes('RS256') === true;
  if (!onCommonPath || parts.length !== 3 || !parts.every(isStrictBase64url)) return (await jwtVerify(token, keys, options)).payload;
  const [encodedHeader, encodedPayload, signature] = parts;
  const key = rs256Key(await keys({ ...header, alg: 'RS256' }, { protected: encodedHeader, payload: encodedPayload, signature }));
  if (!key) return (await jwtVerify(token, keys, options)).payload;
  if (!signatureMatches(`${encodedHeader}.${encodedPayload}`, key, signature)) throw new errors.JWSSignatureVerificationFailed();
  return certainlyAcceptedClaims(encodedPayload, options) ?? UnsecuredJWT.decode(`${UNSECURED_HEADER}.${encodedPayload}.`, options).payload;
}

function signatureMatches(signingInput: string, key: KeyObject, signature: string): boolean {
  try {
    return verify('sha256', Buffer.from(signingInput, 'ascii'), key, Buffer.from(signature, 'base64url'));
  } catch {
    return false; // as jose: a signature the key cannot even check is a failed verification
  }
}

/** The key as a KeyObject when it is what jose would accept for RS256 (its own checks); otherwise undefined. */
function rs256Key(key: unknown): KeyObject | undefined {
  if (!isCryptoKey(key)) return undefined;
  const algorithm = key.algorithm as RsaHashedKeyAlgorithm;
  const usable = key.type === 'public' && key.usages.includes('verify') && algorithm.name === 'RSASSA-PKCS1-v1_5'
    && algorithm.hash?.name === 'SHA-256' && algorithm.modulusLength >= 2048;
  if (!usable) return undefined;
  let keyObject = keyObjects.get(key);
  if (!keyObject) keyObjects.set(key, (keyObject = KeyObject.from(key)));
  return keyObject;
}

const isCryptoKey = (key: unknown): key is CryptoKey => key instanceof globalThis.CryptoKey;
