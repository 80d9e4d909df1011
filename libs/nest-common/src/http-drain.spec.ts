import { afterEach, describe, expect, it } from '@jest/globals';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DrainState, HttpDrain, KEEP_ALIVE_GRACE_MS } from './http-drain.js';

let server: Server;
let release: () => void = () => undefined;
let taken: Promise<void>;
const agent = new Agent({ keepAlive: true });

/** A server whose /slow answer waits for release(). */
async function listen(state?: DrainState): Promise<{ port: number; drain: HttpDrain }> {
  let slowTaken: () => void;
  taken = new Promise((resolve) => (slowTaken = resolve));
  server = createServer((req, res) => {
    if (req.url !== '/slow') return void res.end('fast');
    release = () => res.end('slow');
    slowTaken();
  });
  const drain = new HttpDrain(server, state);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, drain };
}

function get(port: number, path: string): Promise<{ status?: number; connection?: string; body?: string; error?: string }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, connection: res.headers.connection, body }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code }));
    req.end();
  });
}

afterEach(() => {
  server?.closeAllConnections();
  server?.close();
});

describe(HttpDrain.name, () => {
  it('refuses new connections, answers the request in flight with Connection: close, and resolves once it is closed', async () => {
    const { port, drain } = await listen();
    const slow = get(port, '/slow');
    await taken;
    const drained = drain.drain(5000);
    expect(await get(port, '/fast').then((reply) => reply.error)).toBe('ECONNREFUSED');
    release();
    expect(await slow).toEqual({ status: 200, connection: 'close', body: 'slow' });
    await drained;
    expect(drain.isDraining).toBe(true);
  });

  it('answers a request on a keep-alive connection during the grace with Connection: close, and closes idle ones after it', async () => {
    const { port, drain } = await listen();
    const keepAlive = agent.getName({ host: '127.0.0.1', port });
    expect(await get(port, '/fast')).toMatchObject({ status: 200, connection: 'keep-alive' });
    expect(await get(port, '/fast')).toMatchObject({ status: 200, connection: 'keep-alive' });
    const started = Date.now();
    const drained = drain.drain(5000);
    // The same socket is reused: the server takes it and says it is the last one.
    expect(await get(port, '/fast')).toMatchObject({ status: 200, connection: 'close', body: 'fast' });
    await drained;
    expect(Date.now() - started).toBeLessThan(KEEP_ALIVE_GRACE_MS + 1000);
    expect(agent.freeSockets[keepAlive] ?? []).toEqual([]);
  });

  it('costs a request nothing until a drain begins: no listener on the server or the response until then', async () => {
    const { port, drain } = await listen();
    let responseListeners = -1;
    server.prependListener('request', (_req, res) => setImmediate(() => (responseListeners = res.listenerCount('close'))));
    expect(server.listenerCount('request')).toBe(2); // the app's and this test's
    expect(await get(port, '/fast')).toMatchObject({ status: 200, connection: 'keep-alive' });
    expect(responseListeners).toBe(0);
    const drained = drain.drain(5000);
    expect(server.listenerCount('request')).toBe(3);
    expect(await get(port, '/fast')).toMatchObject({ status: 200, connection: 'close' });
    await drained;
  });

  it('marks the shared drain state the moment it starts, before anything in flight is answered (readiness reads it)', async () => {
    const state = new DrainState();
    const { port, drain } = await listen(state);
    const slow = get(port, '/slow');
    await taken;
    expect(state.draining).toBe(false);
    const drained = drain.drain(5000);
    expect(state.draining).toBe(true);
    release();
    await slow;
    await drained;
  });
});
