import { StsError, type SignedRequest } from '#contracts';
import { reencodeUriComponent } from './uri-encoding.js';

export interface CanonicalRequestOptions {
  /**
   * Remove `.`/`..` segments and empty segments (`//`). AWS does this for every service except S3,
   * which signs the path as sent (smithy's `uriEscapePath`).
   */
  normalizePath?: boolean;
  /**
   * Query parts that begin with this text (`name=`) are left out: a presigned URL signs its query
   * without `X-Amz-Signature=…`. Skipped here rather than cut out of the query string first, which
   * cost a copy of the whole query (a session token and all) per request.
   */
  omitQueryPrefix?: string;
}

/**
 * The SigV4 canonical request: method, URI, query, headers, signed-header list, payload hash.
 * Throws IncompleteSignature when a header named in SignedHeaders is absent from the request.
 */
export function canonicalRequest(
  req: SignedRequest,
  signedHeaders: readonly string[],
  opts: CanonicalRequestOptions = {},
): string {
  const { names, list } = sortedNames(signedHeaders);
  const path = canonicalPath(req.path, opts.normalizePath ?? false);
  return `${req.method}\n${path}\n${canonicalQuery(req.query, opts.omitQueryPrefix)}\n${canonicalHeaders(req.headers, names)}\n${list}\n${req.payloadHash}`;
}

/** Sorted lists of frozen name lists (a parsed Authorization's, shared by the requests that send the same list), kept beside them. */
const sortedLists = new WeakMap<readonly string[], { names: readonly string[]; list: string }>();

function sortedNames(signedHeaders: readonly string[]): { names: readonly string[]; list: string } {
  const kept = sortedLists.get(signedHeaders);
  if (kept !== undefined) return kept;
  const names = Object.freeze(signedHeaders.map((name) => name.toLowerCase()).sort());
  const sorted = { names, list: names.join(';') };
  // Only a list nobody can change may stand for its sorted form later.
  if (Object.isFrozen(signedHeaders)) sortedLists.set(signedHeaders, sorted);
  return sorted;
}

function canonicalPath(path: string, normalize: boolean): string {
  if (path === '/') return path; // every STS call
  if (!normalize) return path.split('/').map((segment) => reencodeUriComponent(segment)).join('/') || '/';
  // Same shape as smithy's getCanonicalPath: keep the leading slash, and the trailing one only
  // when something is left (get-slashes: `//example//` -> `/example/`, get-slash: `//` -> `/`).
  const kept: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') kept.pop();
    else kept.push(reencodeUriComponent(segment));
  }
  const lead = path.startsWith('/') ? '/' : '';
  const trail = kept.length > 0 && path.endsWith('/') ? '/' : '';
  return `${lead}${kept.join('/')}${trail}` || '/';
}

const byNameThenValue = ([an, av]: [string, string], [bn, bv]: [string, string]): number =>
  an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0;

function canonicalQuery(query: string, omitPrefix: string | undefined): string {
  if (query === '') return '';
  const pairs: [string, string][] = [];
  for (const part of query.split('&')) {
    if (part === '' || (omitPrefix !== undefined && part.startsWith(omitPrefix))) continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([reencodeUriComponent(name, true), reencodeUriComponent(value, true)]);
  }
  // Sorted by encoded name, then encoded value (AWS; get-vanilla-query-order-value). MinIO keeps
  // repeated values in arrival order (Go's url.Values.Encode), which the AWS vectors reject.
  return pairs.sort(byNameThenValue).map(([name, value]) => `${name}=${value}`).join('&');
}

/**
 * Whitespace other than single spaces: a value without any needs only trimming (the common case).
 * The class is `\s` without the space, spelled out: irregexp scans it about twice as fast as
 * `[^\S ]` (a 600-character session token is in every STS request); the spec compares the two.
 */
const NEEDS_FOLDING = /[\t-\r\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]| {2}/;

/**
 * Obsolete line folding (RFC 7230 §3.2.4) reaches us as a value with line breaks; AWS's
 * get-header-value-multiline vector signs each folded line as a separate value, comma-joined
 * like a repeated header.
 */
const canonicalHeaderValue = (value: string): string =>
  !NEEDS_FOLDING.test(value) ? value.trim() :
  value.split(/\r\n|\r|\n/).map((line) => line.trim().replace(/\s+/g, ' ')).filter((line, i) => i === 0 || line !== '').join(',');

/**
 * Each signed header's values in request order, comma-joined, names in sorted order. The request's
 * header list is short (the signed ones and a few more), so each name is looked up by a scan;
 * only names of the same length are lower-cased to compare.
 */
function canonicalHeaders(headers: SignedRequest['headers'], names: readonly string[]): string {
  // `names` is sorted.
  let block = '';
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (i > 0 && name === names[i - 1]) continue; // a name listed twice (presigned X-Amz-SignedHeaders) has one line
    let joined: string | undefined;
    for (const [key, value] of headers) {
      if (key.length !== name.length || key.toLowerCase() !== name) continue;
      joined = joined === undefined ? canonicalHeaderValue(value) : `${joined},${canonicalHeaderValue(value)}`;
    }
    if (joined === undefined) {
      throw new StsError('IncompleteSignature', `Header '${name}' is listed in SignedHeaders but is missing from the request.`);
    }
    block += `${name}:${joined}\n`;
  }
  return block;
}
