import { StsError } from '#contracts';
import { isScopeDate } from './request-date.js';

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

/** The parts of `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`. */
export interface SigV4Authorization {
  accessKey: string;
  /** yyyymmdd from the credential scope. */
  date: string;
  /** May be empty: minio-js signs with an empty region when none is configured. */
  region: string;
  service: string;
  /** Lower-cased, in the order the client listed them; frozen (a parsed list may be shared between requests). */
  signedHeaders: readonly string[];
  /** 64 lowercase hex characters. */
  signature: string;
}

type AuthorizationParam = 'Credential' | 'SignedHeaders' | 'Signature';
const PARAMS: readonly AuthorizationParam[] = ['Credential', 'SignedHeaders', 'Signature'];
/** Same bound as a SignedRequest header value; parsing is linear, this only caps the work. */
const MAX_AUTHORIZATION_LENGTH = 16_384;
const CREDENTIAL_FORMAT =
  'Error parsing the Credential parameter; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".';
const MALFORMED = `Authorization header is malformed; expected "${SIGV4_ALGORITHM} Credential=..., SignedHeaders=..., Signature=...".`;
/** RFC 7230 token characters, lower-cased, one or more names separated by semicolons: what SignedHeaders may contain. */
const HEADER_NAME_LIST = /^[a-z0-9!#$%&'*+.^_`|~-]+(?:;[a-z0-9!#$%&'*+.^_`|~-]+)*$/;

const incomplete = (message: string): StsError => new StsError('IncompleteSignature', message);

export function parseAuthorization(value: string): SigV4Authorization {
  const canonical = value.length <= MAX_AUTHORIZATION_LENGTH ? CANONICAL_FORM.exec(value) : null;
  // The SDKs' form: its signature is 64 lowercase hex digits already.
  const params = canonical !== null ? { Credential: canonical[1], SignedHeaders: canonical[2], Signature: canonical[3] } : authorizationParams(value);
  const { accessKey, date, region, service } = credentialOf(params.Credential);
  const signature = canonical !== null ? params.Signature : parseSignature(params.Signature);
  return { accessKey, date, region, service, signedHeaders: signedHeadersOf(params.SignedHeaders), signature };
}

/** How the SDKs write it; anything else takes the general path below, with its precise errors. */
const CANONICAL_FORM = /^AWS4-HMAC-SHA256 Credential=([^\s,]+), ?SignedHeaders=([^\s,]+), ?Signature=([0-9a-f]{64})$/;

type CredentialScope = Pick<SigV4Authorization, 'accessKey' | 'date' | 'region' | 'service'>;
/**
 * Credential scopes and SignedHeaders lists already parsed, by their text: a client signs request
 * after request with the same scope and the same list, and a valid text parses the same every time
 * (an invalid one is never kept). Neither holds a secret. Bounded: texts up to a length an SDK
 * writes, emptied when full.
 */
const MAX_PARSED_TEXTS = 1024;
const MAX_REMEMBERED_LENGTH = 512;
const parsedCredentials = new Map<string, Readonly<CredentialScope>>();
const parsedHeaderLists = new Map<string, readonly string[]>();

function remembered<T>(texts: Map<string, T>, text: string, parse: (text: string) => T): T {
  if (text.length > MAX_REMEMBERED_LENGTH) return parse(text);
  let parsed = texts.get(text);
  if (parsed === undefined) {
    parsed = parse(text);
    if (texts.size >= MAX_PARSED_TEXTS) texts.clear();
    texts.set(text, parsed);
  }
  return parsed;
}

const credentialOf = (text: string) => remembered(parsedCredentials, text, (t) => Object.freeze(parseCredential(t)));
const signedHeadersOf = (text: string) => remembered(parsedHeaderLists, text, (t) => Object.freeze(parseSignedHeaders(t)));

function authorizationParams(value: string): Record<AuthorizationParam, string> {
  const trimmed = value.trim();
  // The scheme is the first token; a comma straight after it (`AWS4-HMAC-SHA256,Credential=`) is
  // our scheme written wrongly, so it is malformed rather than unsupported.
  const scheme = /^[^\s,]*/.exec(trimmed.slice(0, SIGV4_ALGORITHM.length + 1))?.[0];
  if (scheme !== SIGV4_ALGORITHM) {
    throw new StsError('AccessDenied', `Unsupported Authorization Type; only ${SIGV4_ALGORITHM} header authentication is supported.`);
  }
  if (trimmed.length > MAX_AUTHORIZATION_LENGTH) throw incomplete('Authorization header is too long.');
  const rest = trimmed.slice(SIGV4_ALGORITHM.length);
  if (rest.startsWith(',')) throw incomplete(MALFORMED);
  const found: Partial<Record<AuthorizationParam, string>> = {};
  // Clients differ in spacing (`, ` from the AWS SDKs, `,` from some others); MinIO strips all spaces.
  for (const part of rest.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const key = part.slice(0, Math.max(eq, 0)).trim() as AuthorizationParam;
    if (eq < 0 || !PARAMS.includes(key) || found[key] !== undefined) {
      throw incomplete(MALFORMED);
    }
    found[key] = part.slice(eq + 1).trim();
  }
  const missing = PARAMS.find((key) => found[key] === undefined);
  if (missing !== undefined) throw incomplete(`Authorization header requires '${missing}' parameter.`);
  return found as Record<AuthorizationParam, string>;
}

function parseCredential(credential: string): CredentialScope {
  const parts = credential.split('/');
  if (parts.length < 5) throw incomplete(CREDENTIAL_FORMAT);
  const [date, region, service, terminator] = parts.slice(-4);
  // MinIO allows '/' inside access keys: everything before the four scope parts is the key.
  const accessKey = parts.slice(0, -4).join('/');
  if (accessKey === '' || service === '') throw incomplete(CREDENTIAL_FORMAT);
  if (!isScopeDate(date)) throw incomplete('Credential should be scoped to a valid date in yyyymmdd format.');
  if (terminator !== 'aws4_request') throw incomplete("Credential should be scoped with a valid terminator: 'aws4_request'.");
  return { accessKey, date, region, service };
}

function parseSignedHeaders(list: string): string[] {
  const lower = list.toLowerCase();
  const names = lower.split(';');
  if (!HEADER_NAME_LIST.test(lower) || hasRepeats(names)) {
    throw incomplete('SignedHeaders must be a list of distinct header names separated by semicolons.');
  }
  return names;
}

/** A short list (the usual handful) is searched; a long one hashed, so a crafted header stays linear. */
const hasRepeats = (names: string[]): boolean =>
  names.length <= 16 ? names.some((name, i) => names.indexOf(name) !== i) : new Set(names).size !== names.length;

function parseSignature(signature: string): string {
  if (!/^[0-9a-f]{64}$/.test(signature)) throw incomplete('Signature must be 64 lowercase hexadecimal characters.');
  return signature;
}
