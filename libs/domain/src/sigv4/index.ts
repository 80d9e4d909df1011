export { parseAuthorization, SIGV4_ALGORITHM, type SigV4Authorization } from './authorization.js';
export { canonicalRequest, type CanonicalRequestOptions } from './canonical-request.js';
export { credentialScope, deriveSigningKey, signingKeyOf, stringToSign, type SigningSecret } from './signature.js';
export { verifySigV4, type SigV4Policy } from './verify-sigv4.js';
export { signedHeaderSubset, signedHeaderSubsetOfRaw } from './signed-header-subset.js';
export { signSigV4, type SigV4Signing, type OutgoingRequest } from './sign-sigv4.js';
export { isPresignedQuery, parsePresignedQuery, verifyPresignedSigV4, MAX_PRESIGNED_EXPIRES_SECONDS, type PresignedAuthorization } from './verify-presigned.js';
export { signatureMatches } from './signature.js';
export { formatAmzDate } from './request-date.js';
