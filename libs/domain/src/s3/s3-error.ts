/** Statuses of the S3 error codes the gateway itself answers (AWS S3 "Error responses", MinIO api-errors.go). */
export const S3ErrorStatus = {
  AccessDenied: 403,
  InvalidAccessKeyId: 403,
  InvalidTokenId: 403,
  ExpiredToken: 400,
  SignatureDoesNotMatch: 403,
  AuthorizationHeaderMalformed: 400,
  AuthorizationQueryParametersError: 400,
  RequestTimeTooSkewed: 403,
  XAmzContentSHA256Mismatch: 400,
  InvalidDigest: 400,
  BadDigest: 400,
  IncompleteBody: 400,
  InvalidArgument: 400,
  InvalidRequest: 400,
  InvalidBucketName: 400,
  KeyTooLongError: 400,
  MalformedXML: 400,
  MissingContentLength: 411,
  EntityTooLarge: 400,
  MethodNotAllowed: 405,
  NotImplemented: 501,
  ServiceUnavailable: 503,
  InternalError: 500,
} as const;
export type S3ErrorCode = keyof typeof S3ErrorStatus;

/** An error the gateway answers on an S3 path, as `<Error><Code/><Message/>…` with the S3 status. */
export class S3Error extends Error {
  override readonly name = 'S3Error';
  constructor(readonly code: S3ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
  get status(): number {
    return S3ErrorStatus[this.code];
  }
}
