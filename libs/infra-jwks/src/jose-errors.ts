import { errors } from 'jose';
import { StsError } from '#contracts';

const CLAIM_MESSAGES: Record<string, string> = {
  iss: 'The token issuer does not match the identity provider',
  nbf: 'Token is not valid yet',
  exp: 'The token has no valid expiry (exp)',
  iat: 'Token used before issued',
};

const invalid = (message: string, cause: unknown) => new StsError('InvalidIdentityToken', message, { cause });

/**
 * jose's verdicts as STS errors. Messages are ours and fixed: jose's text can quote claim values,
 * and nothing from the token goes back to the caller.
 */
export function toStsError(error: unknown): unknown {
  if (error instanceof StsError) return error;
  if (error instanceof errors.JWTExpired) return new StsError('ExpiredIdentityToken', 'Token is expired', { cause: error });
  if (error instanceof errors.JWTClaimValidationFailed) return invalid(CLAIM_MESSAGES[error.claim] ?? 'The token claims are invalid', error);
  if (error instanceof errors.JWSSignatureVerificationFailed) return invalid('The token signature is invalid', error);
  if (error instanceof errors.JOSEAlgNotAllowed) return invalid('The token algorithm is not allowed', error);
  if (error instanceof errors.JWKSNoMatchingKey) return invalid('No key of the identity provider matches the token', error);
  if (error instanceof errors.JOSEError) return invalid('The token is not a valid signed JWT', error);
  return error;
}

/** Errors jose raises only after a signature checked out: the key was the right one. */
export const signatureWasValid = (error: unknown) =>
  error instanceof errors.JWTClaimValidationFailed || error instanceof errors.JWTExpired || error instanceof errors.JWTInvalid;
