import { ADMIN_WIRE_CODES, AdminErrorStatus, type AdminErrorCode } from './admin-errors.js';
import type { StsErrorCode } from './errors.js';

/** The admin code of an error thrown without one: what MinIO answers for the same failure. */
const BY_STS_CODE: Record<StsErrorCode, AdminErrorCode> = {
  AccessDenied: 'AccessDenied',
  MissingParameter: 'XMinioAdminInvalidArgument',
  InvalidParameterValue: 'XMinioAdminInvalidArgument',
  MalformedPolicyDocument: 'XMinioMalformedIAMPolicy',
  IncompleteSignature: 'AuthorizationHeaderMalformed',
  SignatureDoesNotMatch: 'SignatureDoesNotMatch',
  InvalidClientTokenId: 'InvalidAccessKeyId',
  ExpiredToken: 'ExpiredToken',
  ExpiredIdentityToken: 'ExpiredToken',
  InvalidIdentityToken: 'AccessDenied',
  IDPCommunicationError: 'InternalError',
  NotFound: 'XMinioUnknownAPIRequest',
  MethodNotAllowed: 'MethodNotAllowed',
  EntityTooLarge: 'XMinioAdminConfigTooLarge',
  // A bus or store outage: MinIO's "not initialised" 503, which madmin retries with back-off.
  ServiceUnavailable: 'XMinioServerNotInitialized',
  InternalError: 'InternalError',
};

/** What an admin route answers for an error: wire code and status. */
export function adminErrorOf(error: { code: StsErrorCode; admin?: AdminErrorCode }): { code: string; status: number } {
  const admin = error.admin ?? BY_STS_CODE[error.code];
  return { code: ADMIN_WIRE_CODES[admin] ?? admin, status: AdminErrorStatus[admin] };
}
