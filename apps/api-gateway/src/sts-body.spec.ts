import { describe, expect, it } from '@jest/globals';
import type { IncomingMessage } from 'node:http';
import { PassThrough, Readable } from 'node:stream';
import { readStsBody } from './sts-body.js';

const request = (stream: Readable, headers: Record<string, string> = {}) => Object.assign(stream, { headers }) as unknown as IncomingMessage;
const chunks = (...parts: string[]) => Readable.from(parts.map((part) => Buffer.from(part)));

describe(readStsBody.name, () => {
  it('reads a body sent in several chunks', async () => {
    expect((await readStsBody(request(chunks('Action=Get', 'CallerIdentity')), 100)).toString()).toBe('Action=GetCallerIdentity');
  });

  it('reads an empty body', async () => {
    expect((await readStsBody(request(chunks()), 100)).length).toBe(0);
  });

  it('refuses a streamed body past the limit with EntityTooLarge', async () => {
    await expect(readStsBody(request(chunks('x'.repeat(60), 'x'.repeat(60))), 100)).rejects.toMatchObject({ code: 'EntityTooLarge', status: 413 });
  });

  it('reads and drops a body announced too large before refusing it, so the client sees the answer', async () => {
    const stream = chunks('x'.repeat(500));
    await expect(readStsBody(request(stream, { 'content-length': '500' }), 100)).rejects.toMatchObject({ code: 'EntityTooLarge' });
    expect(stream.readableEnded).toBe(true);
  });

  it('answers InvalidParameterValue for a body cut short', async () => {
    const stream = new PassThrough();
    const reading = readStsBody(request(stream), 100);
    stream.write('Action=');
    stream.destroy(new Error('aborted'));
    await expect(reading).rejects.toMatchObject({ code: 'InvalidParameterValue' });
  });
});
