/**
 * MinIO's admin API error codes and statuses (reference minio-admin-api.md §4), the closed set the
 * admin routes answer with: `{ Code, Message, Resource, RequestId, HostId }`, as madmin and `mc`
 * branch on `Code`. An internal name differs from its wire code only where MinIO gives one code two
 * statuses (WIRE below).
 */
export const AdminErrorStatus = {
  AccessDenied: 403,
  InvalidAccessKeyId: 403,
  SignatureDoesNotMatch: 403,
  RequestTimeTooSkewed: 403,
  ExpiredToken: 403,
  AuthorizationHeaderMalformed: 400,
  XMinioAdminNoSuchUser: 404,
  XMinioAdminNoSuchGroup: 404,
  XMinioAdminGroupNotEmpty: 400,
  XMinioAdminNoSuchPolicy: 404,
  XMinioAdminPolicyInUse: 400,
  XMinioPolicyNotAttached: 404,
  XMinioIAMActionNotAllowed: 403,
  XMinioIAMServiceAccountNotAllowed: 400,
  XMinioIAMServiceAccountSessionPolicyTooLarge: 400,
  /** The root user's key named where a user's belongs. */
  XMinioInvalidIAMCredentials: 403,
  /** No service account (or live temporary credential) has this key: MinIO's 404 of the same code. */
  NoSuchAccessKey: 404,
  XMinioAdminInvalidArgument: 400,
  XMinioAdminInvalidAccessKey: 400,
  XMinioAdminInvalidSecretKey: 400,
  XMinioAdminConfigBadJSON: 400,
  XMinioAdminConfigTooLarge: 400,
  XMinioMalformedIAMPolicy: 400,
  XMinioUnknownAPIRequest: 400,
  MethodNotAllowed: 405,
  XMinioServerNotInitialized: 503,
  InternalError: 500,
} as const;
export type AdminErrorCode = keyof typeof AdminErrorStatus;

export const ADMIN_WIRE_CODES: Partial<Record<AdminErrorCode, string>> = { NoSuchAccessKey: 'XMinioInvalidIAMCredentials' };

export const isAdminErrorCode = (value: unknown): value is AdminErrorCode =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(AdminErrorStatus, value);
