import { createHash, randomBytes } from 'node:crypto';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { Pool } from 'undici';
import { SlabReads, slabReadingConnector } from './slab-reads.js';

describe(SlabReads.name, () => {
  it('hands each read on as its own region: later reads never write over bytes already handed on', () => {
    const reads = new SlabReads(1024, 256);
    const first = reads.next();
    first.fill(1, 0, 300);
    const a = reads.take(300, first);
    const second = reads.next();
    second.fill(2, 0, 400);
    const b = reads.take(400, second);
    expect(a.buffer).toBe(b.buffer);
    expect(b.byteOffset).toBe(a.byteOffset + 300);
    expect(a.every((byte) => byte === 1)).toBe(true);
    expect(b.every((byte) => byte === 2)).toBe(true);
  });

  it('starts a new slab once the room left is under the least a read may get', () => {
    const reads = new SlabReads(1024, 256);
    const first = reads.next();
    const taken = reads.take(800, first);
    const next = reads.next();
    expect(next.buffer).not.toBe(taken.buffer);
    expect(next.length).toBe(1024);
  });
});

describe(slabReadingConnector.name, () => {
  let server: Server | undefined;
  let pool: Pool | undefined;

  afterEach(async () => {
    await pool?.destroy();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  /** An HTTP backend answering GET with `body` in uneven writes, over one keep-alive connection. */
  async function backendSending(body: Buffer): Promise<string> {
    server = createServer((socket) => {
      socket.on('data', () => {
        socket.write(`HTTP/1.1 200 OK\r\ncontent-length: ${body.length}\r\n\r\n`);
        for (let at = 0, step = 1; at < body.length; at += step, step = (step * 7 + 13) % 300_000 + 1) socket.write(body.subarray(at, at + step));
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('delivers every byte of consecutive answers unchanged, even to a reader that holds on to them', async () => {
    const body = randomBytes(3 * 1024 * 1024 + 17);
    const origin = await backendSending(body);
    pool = new Pool(origin, { connections: 1, connect: slabReadingConnector(1000) });
    for (let round = 0; round < 2; round++) {
      const answer = await pool.request({ method: 'GET', path: '/' });
      const held: Buffer[] = [];
      for await (const chunk of answer.body) held.push(chunk as Buffer);
      expect(createHash('sha256').update(Buffer.concat(held)).digest('hex')).toBe(createHash('sha256').update(body).digest('hex'));
    }
  });
});
