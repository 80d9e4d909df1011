import { createHash, createHmac, timingSafeEqual, type Hash } from 'node:crypto';
import { BodyChecksum } from './body-checksum.js';
import { S3Error } from './s3-error.js';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
/** minio-go and mc send 64 KiB chunks, the AWS SDKs 64 KiB too; MinIO caps a chunk at 16 MiB. */
const MAX_CHUNK_BYTES = 16 * 1024 * 1024;
const MAX_LINE_BYTES = 4096;

/** What signs the chunks of `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`: the seed is the request's own signature. */
export interface ChunkSigning {
  /** The key kept beside the signer (signingKeyOf): read, never changed. */
  readonly signingKey: Buffer;
  readonly amzDate: string;
  readonly scope: string;
  readonly seedSignature: string;
}

const corrupt = (message: string) => new S3Error('IncompleteBody', message);
const badSignature = () => new S3Error('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');

const TRAILER_SIGNATURE = 'x-amz-trailer-signature';

type State = 'size' | 'data' | 'data-end' | 'trailer' | 'done';

/**
 * Decodes an `aws-chunked` body as it streams (AWS "Signature Calculations for the Authorization
 * Header: Transferring Payload in Multiple Chunks"). With `signing`, each chunk is released only
 * after its signature checks out; a trailing checksum (`x-amz-trailer`) is verified at the end, and
 * with `signing` its trailer signature too (STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER).
 * No library verifies this format, so it is written here.
 */
export class AwsChunkedDecoder {
  private state: State = 'size';
  private pending: Buffer = Buffer.alloc(0);
  private chunkSize = 0;
  private chunkSignature?: string;
  private chunkParts: Buffer[] = [];
  private chunkHash?: Hash;
  private chunkRead = 0;
  private previousSignature: string;
  private decoded = 0;
  private readonly trailers: Array<[string, string]> = [];
  private readonly checksum?: BodyChecksum;

  constructor(private readonly options: { signing?: ChunkSigning; trailer?: string; decodedLength?: number }) {
    this.previousSignature = options.signing?.seedSignature ?? '';
    if (options.trailer !== undefined) this.checksum = new BodyChecksum(options.trailer);
  }

  /** Feeds raw bytes; returns decoded data that is verified and may be forwarded. */
  write(input: Buffer): Buffer[] {
    const out: Buffer[] = [];
    this.pending = this.pending.length === 0 ? input : Buffer.concat([this.pending, input]);
    for (;;) {
      if (this.state === 'size' || this.state === 'trailer' || this.state === 'data-end') {
        const line = this.readLine();
        if (line === undefined) break;
        this.onLine(line, out);
      } else if (this.state === 'data') {
        if (this.pending.length === 0) break;
        this.readData(out);
      } else {
        if (this.pending.length > 0) throw corrupt('Data after the last chunk of an aws-chunked body.');
        break;
      }
    }
    return out;
  }

  /** The body ended: everything must have been received and verified. */
  end(): void {
    if (this.state !== 'done') throw corrupt('The aws-chunked body ended before its final chunk.');
    if (this.options.decodedLength !== undefined && this.decoded !== this.options.decodedLength) {
      throw corrupt('The decoded length of the aws-chunked body differs from x-amz-decoded-content-length.');
    }
  }

  private readLine(): string | undefined {
    const end = this.pending.indexOf('\r\n');
    if (end < 0) {
      if (this.pending.length > MAX_LINE_BYTES) throw corrupt('An aws-chunked header line is too long.');
      return undefined;
    }
    const line = this.pending.subarray(0, end).toString('latin1');
    this.pending = this.pending.subarray(end + 2);
    return line;
  }

  private onLine(line: string, out: Buffer[]): void {
    if (this.state === 'data-end') {
      if (line !== '') throw corrupt('An aws-chunked chunk is longer than its declared size.');
      this.finishChunk(out);
      return;
    }
    if (this.state === 'trailer') return this.onTrailer(line);
    const [size, ...extensions] = line.split(';');
    if (!/^[0-9a-fA-F]{1,8}$/.test(size)) throw corrupt('An aws-chunked chunk size is not hexadecimal.');
    this.chunkSize = parseInt(size, 16);
    if (this.chunkSize > MAX_CHUNK_BYTES) throw corrupt('An aws-chunked chunk is larger than 16 MiB.');
    const signature = extensions.find((e) => e.startsWith('chunk-signature='))?.slice('chunk-signature='.length);
    if (this.options.signing && (signature === undefined || !/^[0-9a-f]{64}$/.test(signature))) throw badSignature();
    this.chunkSignature = signature;
    this.chunkParts = [];
    this.chunkRead = 0;
    this.chunkHash = this.options.signing ? createHash('sha256') : undefined;
    if (this.chunkSize === 0) this.finishChunk(out);
    else this.state = 'data';
  }

  private readData(out: Buffer[]): void {
    const take = Math.min(this.pending.length, this.chunkSize - this.chunkRead);
    const piece = this.pending.subarray(0, take);
    this.pending = this.pending.subarray(take);
    this.chunkRead += take;
    this.checksum?.update(piece);
    if (this.chunkHash) {
      this.chunkHash.update(piece);
      this.chunkParts.push(Buffer.from(piece));
    } else out.push(Buffer.from(piece));
    if (this.chunkRead === this.chunkSize) this.state = 'data-end';
  }

  private finishChunk(out: Buffer[]): void {
    const last = this.chunkSize === 0;
    if (this.options.signing) {
      this.verifyChunk(this.chunkHash!.digest('hex'));
      out.push(...this.chunkParts);
    }
    this.decoded += this.chunkSize;
    this.chunkParts = [];
    // After the last chunk: trailer lines (if any), then an empty line.
    this.state = last ? 'trailer' : 'size';
  }

  private verifyChunk(dataHash: string): void {
    this.verifySignature(['AWS4-HMAC-SHA256-PAYLOAD', this.previousSignature, EMPTY_SHA256, dataHash], this.chunkSignature);
    this.previousSignature = this.chunkSignature!;
  }

  /** `parts`: the string to sign's algorithm line, then what follows the date and scope. */
  private verifySignature([algorithm, ...rest]: string[], signature: string | undefined): void {
    const { signingKey, amzDate, scope } = this.options.signing!;
    const expected = createHmac('sha256', signingKey).update([algorithm, amzDate, scope, ...rest].join('\n')).digest();
    const given = Buffer.from(signature ?? '', 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw badSignature();
  }

  /**
   * Trailer lines end with an empty line; the declared checksum must match what was received. A
   * signed trailer is signed over the last chunk's signature and the trailers as `name:value\n`.
   */
  private onTrailer(line: string): void {
    if (line !== '') {
      const colon = line.indexOf(':');
      if (colon <= 0 || this.trailers.length >= 8) throw corrupt('An aws-chunked trailer line is malformed.');
      this.trailers.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
      return;
    }
    const signature = this.trailers.find(([name]) => name === TRAILER_SIGNATURE)?.[1];
    const trailers = this.trailers.filter(([name]) => name !== TRAILER_SIGNATURE);
    if (this.options.signing && this.options.trailer !== undefined) {
      if (signature === undefined || !/^[0-9a-f]{64}$/.test(signature)) throw badSignature();
      const canonical = trailers.map(([name, value]) => `${name}:${value}\n`).join('');
      this.verifySignature(['AWS4-HMAC-SHA256-TRAILER', this.previousSignature, createHash('sha256').update(canonical).digest('hex')], signature);
    }
    if (this.checksum) {
      const value = trailers.find(([name]) => name === this.checksum!.name)?.[1];
      if (value === undefined) throw corrupt(`The trailer ${this.checksum.name} announced in x-amz-trailer is missing.`);
      this.checksum.verify(value);
    }
    this.state = 'done';
  }
}
