import { errorType, wireCode, type IssuedCredentials, type StsErrorCode, type TokenAction, type VerifiedCredentials } from '#contracts';

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** The entities Go's encoding/xml writes, so text reads byte for byte as MinIO's. */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };
const SPECIAL = /[&<>"']/;
/** Most values (ids, keys, ARNs, dates) have nothing to escape: tested before replacing. */
const escapeXml = (text: string) => (SPECIAL.test(text) ? text.replace(/[&<>"']/g, (c) => ESCAPES[c]) : text);

/**
 * The STS documents are a handful of fixed shapes whose element order is part of the wire contract
 * (MinIO `cmd/sts-datatypes.go`), so they are written directly rather than through a generic builder.
 */
const el = (name: string, content = '') => `<${name}>${content}</${name}>`;
const text = (name: string, value: string) => el(name, escapeXml(value));

function document(action: string, result: string, requestId: string): string {
  return `${XML_DECLARATION}<${action}Response xmlns="${STS_NAMESPACE}">${el(`${action}Result`, result)}${el('ResponseMetadata', text('RequestId', requestId))}</${action}Response>`;
}

function credentialsXml(credentials: IssuedCredentials): string {
  return el('Credentials',
    text('AccessKeyId', credentials.accessKeyId) +
    text('SecretAccessKey', credentials.secretAccessKey) +
    text('SessionToken', credentials.sessionToken) +
    text('Expiration', credentials.expiration));
}

/** MinIO always writes an empty AssumedRoleUser, with its `AssumeRoleId` spelling (§2). */
const EMPTY_ASSUMED_ROLE_USER = el('AssumedRoleUser', el('Arn') + el('AssumeRoleId'));

export function assumeRoleXml(credentials: IssuedCredentials, requestId: string): string {
  return document('AssumeRole', EMPTY_ASSUMED_ROLE_USER + credentialsXml(credentials), requestId);
}

/** The element naming the token's `sub` differs by action (MinIO `cmd/sts-datatypes.go`, §2). */
const SUBJECT_ELEMENT: Record<TokenAction, string> = {
  AssumeRoleWithWebIdentity: 'SubjectFromWebIdentityToken',
  AssumeRoleWithClientGrants: 'SubjectFromToken',
};

export function tokenActionXml(action: TokenAction, credentials: VerifiedCredentials, requestId: string): string {
  const subject = text(SUBJECT_ELEMENT[action], credentials.subjectFromToken ?? '');
  return document(action, EMPTY_ASSUMED_ROLE_USER + credentialsXml(credentials) + subject, requestId);
}

/** Credentials only: MinIO writes no AssumedRoleUser here, whatever its docs sample shows (§2). */
export function ldapIdentityXml(credentials: IssuedCredentials, requestId: string): string {
  return document('AssumeRoleWithLDAPIdentity', credentialsXml(credentials), requestId);
}

/** GetCallerIdentityResult's content: the same for every call made with one credential, so it may be kept with the credential. */
export const callerIdentityResult = (identity: { arn: string; userId: string; account: string }): string =>
  text('Arn', identity.arn) + text('UserId', identity.userId) + text('Account', identity.account);

export function callerIdentityXml(result: string, requestId: string): string {
  return document('GetCallerIdentity', result, requestId);
}

/** `Type` is Sender/Receiver as AWS sends it; MinIO leaves it empty (DESIGN §7). */
export function errorXml(code: StsErrorCode, message: string, requestId: string): string {
  const error = el('Error', text('Type', errorType(code)) + text('Code', wireCode(code)) + text('Message', message));
  return `${XML_DECLARATION}<ErrorResponse xmlns="${STS_NAMESPACE}">${error}${text('RequestId', requestId)}</ErrorResponse>`;
}
