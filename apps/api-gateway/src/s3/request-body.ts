import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { AwsChunkedDecoder, BodyChecksum, declaredChecksum, S3Error, type S3Authentication } from '#domain';

/** What goes to the backend: the body stream, its length, the payload hash to sign, headers to drop. */
export interface BackendBody {
  stream?: Readable;
  contentLength?: string;
  payloadHash: string;
  /** Headers that describe the client's encoding, not the object. */
  dropHeaders: ReadonlySet<string>;
  /** For aws-chunked: the content-encoding left once `aws-chunked` is removed. */
  contentEncoding?: string;
}

/**
 * Passes verified bytes on, always holding the latest piece back until the next one verifies or the
 * body ends well: the backend gets fewer bytes than announced until the whole payload checked out,
 * so a failed check (the stream errors, the upload is cut) can never leave an object behind.
 */
class VerifiedBody extends Transform {
  private held?: Buffer;

  constructor(private readonly decode: (chunk: Buffer) => Buffer[], private readonly finish: () => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      for (const piece of this.decode(chunk)) {
        if (piece.length === 0) continue;
        if (this.held) this.push(this.held);
        this.held = piece;
      }
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.finish();
      if (this.held) this.push(this.held);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }
}

/**
 * Bodies up to this size are read whole, verified, then sent to the backend in one piece through
 * undici's pool instead of streamed through `http.request` (docs/performance.md, "S3 relay"): the
 * backend sees nothing before the check passed.
 */
export const WHOLE_BODY_BYTES = 128 * 1024;

/** Whether `body` is small enough, by its declared length, to be read whole (WHOLE_BODY_BYTES). */
export const readsWhole = (body: BackendBody): boolean =>
  body.stream !== undefined && body.contentLength !== undefined && Number(body.contentLength) <= WHOLE_BODY_BYTES;

const CHUNKED_HEADERS = new Set(['x-amz-decoded-content-length', 'x-amz-trailer', 'content-encoding', 'x-amz-sdk-checksum-algorithm']);
const NONE = new Set<string>();

const hasBody = (request: IncomingMessage): boolean =>
  request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;

/** The object's bytes checked against the `x-amz-checksum-*` the client declared, if any. */
interface ObjectCheck {
  update(data: Buffer): void;
  verify(): void;
}
const NO_CHECK: ObjectCheck = { update: () => undefined, verify: () => undefined };

/**
 * The checksum the client declared: an `x-amz-checksum-*` header or, on a presigned URL, the same
 * name as a query parameter. The SDK hoists the header into the URL when it presigns (v3 since
 * 3.729 always, CRC32 of the body it saw), and S3 enforces it there, so it is checked, not forwarded
 * unchecked to a backend that may ignore it.
 */
function declaredObjectChecksum(request: IncomingMessage, auth: S3Authentication, query: URLSearchParams): ObjectCheck {
  const fromQuery = auth.presigned ? checksumParameters(query) : undefined;
  // Most calls declare none: two cheap scans instead of a lookup per algorithm in headers and query.
  if (fromQuery === undefined && !hasChecksumHeader(request)) return NO_CHECK;
  const declared = declaredChecksum((name) => {
    const value = request.headers[name];
    if (value !== undefined) return Array.isArray(value) ? value.join(',') : value;
    return fromQuery?.get(name);
  });
  if (!declared) return NO_CHECK;
  const checksum = new BodyChecksum(declared.name);
  return { update: (data) => checksum.update(data), verify: () => checksum.verify(declared.value) };
}

const CHECKSUM_PREFIX = 'x-amz-checksum-';

function hasChecksumHeader(request: IncomingMessage): boolean {
  for (const name in request.headers) if (name.startsWith(CHECKSUM_PREFIX)) return true;
  return false;
}

/** The query's `x-amz-checksum-*` parameters by lower-case name (the first of each), or undefined when it has none. */
function checksumParameters(query: URLSearchParams): Map<string, string> | undefined {
  let found: Map<string, string> | undefined;
  for (const [name, value] of query) {
    const lower = name.toLowerCase();
    if (!lower.startsWith(CHECKSUM_PREFIX)) continue;
    found ??= new Map();
    if (!found.has(lower)) found.set(lower, value);
  }
  return found;
}

/** The body as the backend must receive it, verified as the signature and the checksum headers require (MinIO §7.5). */
export function backendBody(request: IncomingMessage, auth: S3Authentication, query: URLSearchParams): BackendBody {
  const declared = auth.payloadHash;
  const check = declaredObjectChecksum(request, auth, query);
  if (declared.startsWith('STREAMING-')) return decodedBody(request, auth, check);
  if (!hasBody(request)) {
    if (/^[0-9a-f]{64}$/.test(declared) && declared !== createHash('sha256').digest('hex')) throw mismatch();
    check.verify();
    request.resume();
    return { payloadHash: declared, dropHeaders: NONE, contentLength: undefined };
  }
  const contentLength = request.headers['content-length'];
  if (declared === 'UNSIGNED-PAYLOAD') {
    const stream = new VerifiedBody((chunk) => (check.update(chunk), [chunk]), () => check.verify());
    return { stream: pipeBody(request, stream), contentLength, payloadHash: declared, dropHeaders: NONE };
  }
  const hash = createHash('sha256');
  const stream = new VerifiedBody((chunk) => (hash.update(chunk), check.update(chunk), [chunk]), () => {
    if (hash.digest('hex') !== declared) throw mismatch();
    check.verify();
  });
  return { stream: pipeBody(request, stream), contentLength, payloadHash: declared, dropHeaders: NONE };
}

function decodedBody(request: IncomingMessage, auth: S3Authentication, check: ObjectCheck): BackendBody {
  const lengthHeader = request.headers['x-amz-decoded-content-length'];
  if (typeof lengthHeader !== 'string' || !/^\d{1,15}$/.test(lengthHeader)) {
    throw new S3Error('MissingContentLength', 'You must provide the x-amz-decoded-content-length HTTP header.');
  }
  const trailerHeader = request.headers['x-amz-trailer'];
  const trailer = typeof trailerHeader === 'string' ? trailerHeader.trim().toLowerCase() : undefined;
  // STREAMING-AWS4-HMAC-SHA256-PAYLOAD has no trailer; the two -TRAILER forms need one (S3 refuses the mismatch too).
  if ((auth.payloadHash === 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD') !== !trailer) {
    throw new S3Error('InvalidRequest', `${auth.payloadHash} ${trailer ? 'does not allow' : 'needs'} an x-amz-trailer header.`);
  }
  const decoder = new AwsChunkedDecoder({ signing: auth.chunkSigning, trailer, decodedLength: Number(lengthHeader) });
  const decode = (chunk: Buffer) => {
    const pieces = decoder.write(chunk);
    for (const piece of pieces) check.update(piece);
    return pieces;
  };
  const encodings = String(request.headers['content-encoding'] ?? '').split(',').map((e) => e.trim()).filter((e) => e !== '' && e !== 'aws-chunked');
  return {
    stream: pipeBody(request, new VerifiedBody(decode, () => (decoder.end(), check.verify()))),
    contentLength: lengthHeader,
    payloadHash: 'UNSIGNED-PAYLOAD',
    dropHeaders: CHUNKED_HEADERS,
    contentEncoding: encodings.length > 0 ? encodings.join(',') : undefined,
  };
}

/** A client that disconnects mid-body fails the stream too, so the backend upload is cut. */
function pipeBody(request: IncomingMessage, stream: VerifiedBody): VerifiedBody {
  request.once('aborted', () => stream.destroy(new S3Error('IncompleteBody', 'The client closed the connection before the body ended.')));
  request.once('error', (error) => stream.destroy(error));
  return request.pipe(stream);
}

const mismatch = () => new S3Error('XAmzContentSHA256Mismatch', 'The provided \'x-amz-content-sha256\' header does not match what was computed.');
