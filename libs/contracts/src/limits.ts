import { z } from 'zod';

/**
 * Every length limit on an STS parameter, stated once: the gateway refuses longer input with an STS
 * error, and the payload schemas refuse it again on the bus.
 */
export const Limits = {
  /** Our request ids are 16 hex characters; 64 leaves room for a caller-supplied one. */
  requestId: 64,
  /** MinIO's limit on the normalized session policy (`cmd/sts-handlers.go`), in UTF-8 bytes. */
  sessionPolicy: 2048,
  /** AWS's RoleSessionName: 2…64 characters. */
  roleSessionName: 64,
  /** MinIO's TokenRevokeType sets none; ours keeps an audit line and an etcd record small. */
  tokenRevokeType: 256,
  /** AWS's RoleArn: 20…2048 characters. */
  roleArn: 2048,
  /** AWS's model limit for `WebIdentityToken` (4…20000 characters). */
  identityToken: 20000,
  /** `LDAPUsername` / `LDAPPassword` (MinIO sets none; an AD UPN is at most 1024). */
  ldapCredential: 1024,
  /** An IPv6 address with a zone fits easily. */
  sourceIp: 64,
} as const;

export const MAX_IDENTITY_TOKEN_LENGTH = Limits.identityToken;
export const MAX_LDAP_CREDENTIAL_LENGTH = Limits.ldapCredential;

/** The fields every credential-issuing call carries from the gateway to the issuer. */
export const RequestIdField = z.string().min(1).max(Limits.requestId);
export const SessionFields = {
  sessionPolicy: z.string().max(Limits.sessionPolicy).optional(),
  tokenRevokeType: z.string().max(Limits.tokenRevokeType).optional(),
  roleSessionName: z.string().max(Limits.roleSessionName).optional(),
};
