import type { Socket } from 'node:net';
import { buildConnector } from 'undici';

/** Room in one slab: a read takes at most what is left of the current one. */
export const SLAB_BYTES = 512 * 1024;
/** A slab with less room left than this is let go, and the next read starts a new one. */
export const MIN_READ_BYTES = 64 * 1024;

/**
 * Where a backend socket reads to: consecutive regions of one large slab instead of a fresh 64 KiB
 * buffer per read (Node's default). Each read's bytes are handed on as a view of their own region,
 * and a region is never read into again (the next read starts after it, or in a new slab), so a
 * view stays valid for as long as anyone holds it: undici keeps views of the socket's bytes past
 * the read (a paused parser puts the rest back into the socket, the head's lines are kept until the
 * head ends, a client's socket write holds its chunk until flushed). Reads of up to a slab's room
 * instead of 64 KiB, and one allocation per slab: relaying a download through undici cost about a
 * third of the CPU per MiB (docs/performance.md, "S3 large objects, fourth pass").
 */
export class SlabReads {
  private room: Buffer;

  constructor(private readonly slabBytes = SLAB_BYTES, private readonly minReadBytes = MIN_READ_BYTES) {
    this.room = Buffer.allocUnsafeSlow(slabBytes);
  }

  /** The buffer the next read fills (the socket calls this after each read, and once at the start). */
  next(): Buffer {
    return this.room;
  }

  /** The `length` bytes just read into `into` (the buffer `next` gave), as a view of their own region. */
  take(length: number, into: Buffer): Buffer {
    const bytes = into.subarray(0, length);
    this.room = into.length - length >= this.minReadBytes ? into.subarray(length) : Buffer.allocUnsafeSlow(this.slabBytes);
    return bytes;
  }
}

/**
 * `net.connect`'s `onread` for one socket reading into slabs: each read's bytes are pushed into the
 * socket as if Node had read them, so its readers (undici) see an ordinary socket; a full readable
 * buffer stops reading as usual (the push's `false`).
 */
export function slabOnRead(reads = new SlabReads()): { buffer: () => Buffer; callback: (this: Socket, length: number, into: Buffer) => boolean } {
  return {
    buffer: () => reads.next(),
    callback(this: Socket, length: number, into: Buffer): boolean {
      return this.push(reads.take(length, into));
    },
  };
}

/**
 * undici's own connector (connect timeout, keep-alive, no delay), each plain-TCP socket it opens
 * reading into slabs. For `http:` origins only: a TLS socket takes no `onread`.
 */
export function slabReadingConnector(timeoutMs: number): buildConnector.connector {
  return (options, callback) => buildConnector({ timeout: timeoutMs, onread: slabOnRead() } as buildConnector.BuildOptions)(options, callback);
}
