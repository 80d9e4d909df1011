import type { IncomingMessage } from 'node:http';
import { StsError } from '#contracts';

/**
 * An oversize body announced by Content-Length is read and dropped before the 413 is sent: a client
 * still writing when the connection closes sees EPIPE instead of the EntityTooLarge answer. Past
 * this many bytes the connection is cut instead.
 */
const OVERSIZE_DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

const tooLarge = () => new StsError('EntityTooLarge', 'The request body is larger than the gateway accepts.');
const unreadable = () => new StsError('InvalidParameterValue', 'The request could not be parsed.');

/**
 * The whole body of an STS call, which is small (SigV4 signs its exact bytes, and the parameters are
 * parsed from it). More than `limit` bytes is EntityTooLarge; a body cut short is InvalidParameterValue.
 */
export async function readStsBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  if (Number(request.headers['content-length']) > limit) {
    await drainOversizeBody(request).catch(() => undefined);
    throw tooLarge();
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const settle = (error?: StsError) => {
      request.off('data', onData).off('end', onEnd).off('error', onFailure).off('close', onFailure);
      if (error) reject(error);
      else resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received));
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      // What is left is read and dropped by Node once the answer is sent.
      if (received > limit) settle(tooLarge());
      else chunks.push(chunk);
    };
    const onEnd = () => settle();
    const onFailure = () => settle(unreadable());
    request.on('data', onData).on('end', onEnd).on('error', onFailure).on('close', onFailure);
  });
}

/** Reads a body announced too large, so the client can read the 413; cuts the connection past the drain limit. */
export function drainOversizeBody(stream: IncomingMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    let read = 0;
    stream.on('data', (chunk: Buffer) => {
      read += chunk.length;
      if (read > OVERSIZE_DRAIN_LIMIT_BYTES) stream.destroy();
    });
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', reject);
  });
}
