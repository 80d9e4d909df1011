import { afterEach, describe, expect, it } from '@jest/globals';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_KEEP_ALIVE_TIMEOUT_MS, HTTP_DRAIN_DEADLINE_MS, SHUTDOWN_DEADLINE_MS } from './bootstrap.js';
import { DrainState, HttpDrain, NODE_KEEP_ALIVE_BUFFER_MS } from './http-drain.js';

/** The smallest keep-alive timeout Node's client Agent still reuses a socket under (`timeout=2`, minus its 1 s). */
const KEEP_ALIVE_MS = 2000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: Server;
let release: () => void = () => undefined;
let taken: Promise<void>;
const agent = new Agent({ keepAlive: true });

/** A server whose /slow answer waits for release(); `lastAnswerAt` is when it last finished one. */
let lastAnswerAt = 0;
async function listen(state?: DrainState): Promise<{ port: number; drain: HttpDrain }> {
  let slowTaken: () => void;
  taken = new Promise((resolve) => (slowTaken = resolve));
  server = createServer({ keepAliveTimeout: KEEP_ALIVE_MS }, (req, res) => {
    res.once('finish', () => (lastAnswerAt = Date.now()));
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

  it('leaves a connection idle at the drain open, and answers a request sent on it later with Connection: close', async () => {
    const { port, drain } = await listen();
    expect(await get(port, '/fast')).toMatchObject({ status: 200, connection: 'keep-alive' });
    const drained = drain.drain(10_000);
    // Past the 1 s after which idle connections used to be cut, within the advertised keep-alive.
    await sleep(KEEP_ALIVE_MS - 500);
    // The same socket is reused (a new one would be refused): the server takes it and says it is the last one.
    expect(await get(port, '/fast')).toMatchObject({ status: 200, connection: 'close', body: 'fast' });
    await drained;
  });

  it("leaves an idle connection to the server's keep-alive timer, and resolves when it closes, before the deadline", async () => {
    const { port, drain } = await listen();
    const keepAlive = agent.getName({ host: '127.0.0.1', port });
    expect(await get(port, '/fast')).toMatchObject({ status: 200, connection: 'keep-alive' });
    const [idle] = agent.freeSockets[keepAlive]!;
    const closedCleanly = new Promise((resolve) => idle.once('close', (hadError) => resolve(!hadError)));
    await drain.drain(10_000);
    const idleFor = Date.now() - lastAnswerAt;
    expect(idleFor).toBeGreaterThanOrEqual(KEEP_ALIVE_MS + NODE_KEEP_ALIVE_BUFFER_MS - 100);
    expect(idleFor).toBeLessThan(KEEP_ALIVE_MS + NODE_KEEP_ALIVE_BUFFER_MS + 1000);
    expect(await closedCleanly).toBe(true);
  });

  it('cuts what is still open at the deadline', async () => {
    const { port, drain } = await listen();
    const slow = get(port, '/slow');
    await taken;
    const started = Date.now();
    await drain.drain(300);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await slow).toEqual({ error: 'ECONNRESET' });
  });

  it("outlasts the gateway's default keep-alive timer, and leaves the app's close time within the shutdown deadline", () => {
    expect(HTTP_DRAIN_DEADLINE_MS).toBeGreaterThan(DEFAULT_KEEP_ALIVE_TIMEOUT_MS + NODE_KEEP_ALIVE_BUFFER_MS);
    expect(SHUTDOWN_DEADLINE_MS - HTTP_DRAIN_DEADLINE_MS).toBeGreaterThanOrEqual(1000);
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
