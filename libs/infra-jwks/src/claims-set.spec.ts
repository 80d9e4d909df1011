import { describe, expect, it } from '@jest/globals';
import { decodeProtectedHeader, UnsecuredJWT, type JWTVerifyOptions } from 'jose';
import { certainlyAcceptedClaims, decodedSegment } from './claims-set.js';

const ISSUER = 'https://idp.example';
const NOW = 1_800_000_000;
const TOLERANCE = 60;
/** The options JwtIdentityVerifier gives jose. */
const OPTIONS: JWTVerifyOptions = { algorithms: ['RS256'], issuer: ISSUER, requiredClaims: ['exp'], clockTolerance: TOLERANCE, currentDate: new Date(NOW * 1000 + 999) };
const UNSECURED_HEADER = Buffer.from('{"alg":"none"}').toString('base64url');

const segment = (claims: unknown) => Buffer.from(JSON.stringify(claims)).toString('base64url');
const valid = { iss: ISSUER, sub: 'alice', exp: NOW + 300 };
const lengthOf4nPlus1 = (encoded: string) => encoded + 'A'.repeat((5 - (encoded.length % 4)) % 4);

/** jose's verdict on a payload whose signature checked out: what UnsecuredJWT.decode runs (jwtVerify's claim checks). */
function joseVerdict(encodedPayload: string, options: JWTVerifyOptions) {
  try {
    return { payload: UnsecuredJWT.decode(`${UNSECURED_HEADER}.${encodedPayload}.`, options).payload };
  } catch (error) {
    return { error: (error as Error).constructor.name };
  }
}

/** Asserts the fast path answers only for what jose accepts, with jose's payload, and says whether it answered. */
function fastPathOn(encodedPayload: string, options: JWTVerifyOptions = OPTIONS): 'fast' | 'jose' {
  const fast = certainlyAcceptedClaims(encodedPayload, options);
  const jose = joseVerdict(encodedPayload, options);
  if (fast === undefined) return 'jose';
  expect(jose).toEqual({ payload: fast });
  return 'fast';
}

describe(certainlyAcceptedClaims.name, () => {
  it.each([
    ['a token valid now', valid],
    ['exp one second after now − tolerance', { ...valid, exp: NOW - TOLERANCE + 1 }],
    ['nbf exactly now + tolerance', { ...valid, nbf: NOW + TOLERANCE }],
    ['iat in the future (the domain refuses it, jose does not)', { ...valid, iat: NOW + 3600 }],
    ['aud as a string', { ...valid, aud: 'sts' }],
    ['aud as an array', { ...valid, aud: ['other', 'sts'] }],
    ['aud of another type (no audience option: the domain checks aud)', { ...valid, aud: 7 }],
    ['azp beside aud', { ...valid, aud: ['other'], azp: 'sts' }],
    ['typ as a claim', { ...valid, typ: 'Bearer' }],
  ])('answers for %s, with the payload jose returns', (_, claims) => {
    expect(fastPathOn(segment(claims))).toBe('fast');
  });

  it('answers for an exp beyond any date (1e400 parses as Infinity), as jose accepts it', () => {
    const encoded = Buffer.from(`{"iss":"${ISSUER}","exp":1e400}`).toString('base64url');
    expect(fastPathOn(encoded)).toBe('fast');
    expect(certainlyAcceptedClaims(encoded, OPTIONS)).toEqual({ iss: ISSUER, exp: Infinity });
  });

  it.each([
    ['exp at now − tolerance', { ...valid, exp: NOW - TOLERANCE }, 'JWTExpired'],
    ['exp long past', { ...valid, exp: NOW - 3600 }, 'JWTExpired'],
    ['nbf one second after now + tolerance', { ...valid, nbf: NOW + TOLERANCE + 1 }, 'JWTClaimValidationFailed'],
    ['no exp', { iss: ISSUER, sub: 'alice' }, 'JWTClaimValidationFailed'],
    ['exp as a string', { ...valid, exp: String(NOW + 300) }, 'JWTClaimValidationFailed'],
    ['nbf null', { ...valid, nbf: null }, 'JWTClaimValidationFailed'],
    ['iat as a string', { ...valid, iat: String(NOW) }, 'JWTClaimValidationFailed'],
    ['no iss', { sub: 'alice', exp: NOW + 300 }, 'JWTClaimValidationFailed'],
    ['another iss', { ...valid, iss: 'https://evil.example' }, 'JWTClaimValidationFailed'],
    ['iss as an array holding the issuer', { ...valid, iss: [ISSUER] }, 'JWTClaimValidationFailed'],
    ['a JSON array', [valid], 'JWTInvalid'],
    ['JSON null', null, 'JWTInvalid'],
  ])('leaves %s to jose, which refuses it', (_, claims, error) => {
    expect(fastPathOn(segment(claims))).toBe('jose');
    expect(joseVerdict(segment(claims), OPTIONS)).toEqual({ error });
  });

  it.each([
    ['a BOM before the JSON (jose drops it)', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(valid))]).toString('base64url')],
    ['bytes that are not UTF-8', Buffer.concat([Buffer.from('{"iss":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]).toString('base64url')],
    ['a length of 4n + 1 (Buffer would drop the last character)', lengthOf4nPlus1(segment(valid))],
    ['padding', `${segment({ ...valid, x: 'a' })}==`],
    ['a character outside base64url', `${segment(valid)}+`],
    ['text that is not JSON', Buffer.from('{"iss":').toString('base64url')],
  ])('leaves a payload with %s to jose, agreeing with its verdict', (_, encoded) => {
    expect(fastPathOn(encoded)).toBe('jose');
  });

  it.each<[string, JWTVerifyOptions]>([
    ['a typ', { ...OPTIONS, typ: 'JWT' }],
    ['an audience', { ...OPTIONS, audience: 'sts' }],
    ['a subject', { ...OPTIONS, subject: 'alice' }],
    ['a maxTokenAge', { ...OPTIONS, maxTokenAge: '1h' }],
    ['several issuers', { ...OPTIONS, issuer: [ISSUER, 'https://other.example'] }],
    ['a clock tolerance as text', { ...OPTIONS, clockTolerance: '1m' }],
    ['a negative clock tolerance', { ...OPTIONS, clockTolerance: -1 }],
    ['an invalid current date', { ...OPTIONS, currentDate: new Date(Number.NaN) }],
  ])('leaves options with %s to jose', (_, options) => {
    expect(fastPathOn(segment({ ...valid, aud: 'sts', iat: NOW }), options)).toBe('jose');
  });

  it('reads the clock when no current date is given, as jose does', () => {
    const now = Math.floor(Date.now() / 1000);
    const options = { ...OPTIONS, currentDate: undefined };
    expect(fastPathOn(segment({ ...valid, exp: now + 300 }), options)).toBe('fast');
    expect(fastPathOn(segment({ ...valid, exp: now - TOLERANCE - 1 }), options)).toBe('jose');
  });
});

describe(decodedSegment.name, () => {
  /** jose's header decoder, on the same segment. */
  const jose = (encoded: string) => {
    try {
      return decodeProtectedHeader(`${encoded}.e30.x`);
    } catch {
      return undefined;
    }
  };

  it('decodes every segment of 1 to 40 characters either as jose does or not at all', () => {
    const alphabet = 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0_-AQw=+';
    let seed = 7;
    let answered = 0;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
    for (let i = 0; i < 5000; i++) {
      const length = 1 + (next() % 40);
      const encoded = i % 3 === 0 ? segment({ alg: 'RS256', n: 'x'.repeat(next() % 9) }).slice(0, length) : Array.from({ length }, () => alphabet[next() % alphabet.length]).join('');
      const ours = decodedSegment(encoded);
      if (ours !== undefined) answered++;
      if (ours !== undefined) expect(ours).toEqual(jose(encoded));
    }
    expect(answered).toBeGreaterThan(100);
  });

  it('decodes a header jose decodes', () => {
    expect(decodedSegment(segment({ alg: 'RS256', kid: 'k1', typ: 'JWT' }))).toEqual({ alg: 'RS256', kid: 'k1', typ: 'JWT' });
  });
});
