import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { RequestDeadlines } from './request-deadlines.js';

function serve(deadlines: RequestDeadlines): Promise<Server> {
  const server = createServer(deadlines.guard((request, response) => {
    request.resume().on('end', () => response.end('done'));
  }));
  deadlines.watch(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** A raw keep-alive connection: what it received so far, and whether the server closed it. */
function open(server: Server, text: string): { socket: Socket; received: () => string; closed: Promise<void> } {
  let received = '';
  const socket = connect((server.address() as AddressInfo).port, '127.0.0.1', () => socket.write(text));
  socket.on('data', (d) => (received += d.toString()));
  return { socket, received: () => received, closed: new Promise((resolve) => socket.on('close', () => resolve())) };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(RequestDeadlines.name, () => {
  let server: Server;
  afterEach(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));

  it('answers 408 and closes a connection whose body is still missing at the deadline', async () => {
    server = await serve(new RequestDeadlines(300, 50));
    const started = Date.now();
    const call = open(server, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc');
    await call.closed;
    expect(call.received()).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('leaves a connection open once its request was read, whatever the clock says later', async () => {
    const deadlines = new RequestDeadlines(100, 60_000);
    server = await serve(deadlines);
    const call = open(server, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc');
    while (!call.received().endsWith('done')) await pause(5);
    deadlines.sweep(Date.now() + 1000);
    await pause(50);
    expect(call.socket.destroyed).toBe(false);
    expect(call.received()).not.toMatch(/408/);
    call.socket.destroy();
  });
});
