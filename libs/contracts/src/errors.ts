import { isAdminErrorCode, type AdminErrorCode } from './admin-errors.js';

/**
 * The closed set of error codes that may cross a service boundary. They are the STS wire codes
 * themselves (MinIO `cmd/sts-errors.go` plus the AWS codes for calls signed with temporary
 * credentials), so the gateway renders them without translation, except the few in WireCodes.
 */
export const StsErrorStatus = {
  AccessDenied: 403,
  MissingParameter: 400,
  InvalidParameterValue: 400,
  MalformedPolicyDocument: 400,
  IncompleteSignature: 400,
  SignatureDoesNotMatch: 403,
  InvalidClientTokenId: 403,
  ExpiredToken: 403,
  /** An expired web-identity / client-grants token: wire code ExpiredToken, but 400 (AWS ExpiredTokenException). */
  ExpiredIdentityToken: 400,
  InvalidIdentityToken: 400,
  /** The identity provider could not be reached or answered nonsense; AWS: retry with backoff. */
  IDPCommunicationError: 400,
  NotFound: 404,
  MethodNotAllowed: 405,
  EntityTooLarge: 413,
  ServiceUnavailable: 503,
  InternalError: 500,
} as const;
export type StsErrorCode = keyof typeof StsErrorStatus;

/**
 * Internal codes whose wire code differs: one wire code with two statuses (AWS answers an expired
 * signing token 403 but an expired identity token 400), kept apart inside and merged only here.
 */
const WireCodes: Partial<Record<StsErrorCode, string>> = { ExpiredIdentityToken: 'ExpiredToken' };
export const wireCode = (code: StsErrorCode): string => WireCodes[code] ?? code;

export const isStsErrorCode = (value: unknown): value is StsErrorCode =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(StsErrorStatus, value);

/** Codes caused by the caller (AWS `Type` = Sender); the rest are the server's fault (Receiver). */
export const errorType = (code: StsErrorCode): 'Sender' | 'Receiver' =>
  StsErrorStatus[code] >= 500 ? 'Receiver' : 'Sender';

/** What crosses the wire: never a cause, stack or upstream text. */
export interface RpcErrorBody {
  code: StsErrorCode;
  message: string;
  /** MinIO's admin code, for an error of an admin operation (admin-errors.ts). */
  admin?: AdminErrorCode;
}

export const isRpcErrorBody = (value: unknown): value is RpcErrorBody =>
  typeof value === 'object' && value !== null &&
  isStsErrorCode((value as RpcErrorBody).code) && typeof (value as RpcErrorBody).message === 'string' &&
  ((value as RpcErrorBody).admin === undefined || isAdminErrorCode((value as RpcErrorBody).admin));

/** The one error type of the domain. `cause` is for logs only and never serialized. */
export class StsError extends Error {
  override readonly name = 'StsError';
  /** MinIO's admin code for this failure, when the generic mapping of `code` is not it. */
  readonly admin?: AdminErrorCode;
  constructor(readonly code: StsErrorCode, message: string, options?: { cause?: unknown; admin?: AdminErrorCode }) {
    super(message, options);
    if (options?.admin) this.admin = options.admin;
  }
  get status(): number {
    return StsErrorStatus[this.code];
  }
  toJSON(): RpcErrorBody {
    return { code: this.code, message: this.message, ...(this.admin ? { admin: this.admin } : {}) };
  }
}

export const InternalErrorBody: RpcErrorBody = {
  code: 'InternalError',
  message: 'We encountered an internal error generating credentials, please try again.',
};
