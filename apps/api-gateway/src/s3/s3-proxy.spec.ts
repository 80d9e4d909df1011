import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { S3Error } from '#domain';
import { S3Backend } from '#infra-s3';
import { relayAnswer } from './s3-proxy.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;
const servers: Server[] = [];
const backends: S3Backend[] = [];

async function listen(handler: Handler): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function backendAt(url: string, connections?: number): S3Backend {
  const backend = new S3Backend({ url, accessKey: 'backend', secretKey: 'backend-secret', region: 'us-east-1', connectTimeoutMs: 500, connections });
  backends.push(backend);
  return backend;
}

/** A gateway in front of `backend` relaying GET /b/k; resolves what its client received, and what relayAnswer did. */
async function throughGateway(backend: S3Backend, refuse?: (status: number) => S3Error | undefined) {
  let outcome: Promise<unknown> = Promise.resolve();
  const gateway = await listen((_request, response) => {
    outcome = relayAnswer(backend, { method: 'GET', path: '/b/k', query: '', headers: [], payloadHash: 'UNSIGNED-PAYLOAD' }, response, refuse)
      .then(() => 'relayed', (error: unknown) => {
        if (!response.headersSent) response.writeHead(599).end();
        return error;
      });
  });
  const received = await new Promise<{ status?: number; body: string; complete: boolean; header?: string }>((resolve) => {
    const call = httpRequest(`${gateway}/b/k`, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode, body, complete: true, header: response.headers['x-backend'] as string }));
      response.on('error', () => resolve({ status: response.statusCode, body, complete: false }));
    });
    call.on('error', () => resolve({ body: '', complete: false }));
    call.end();
  });
  return { received, outcome: await outcome };
}

afterEach(async () => {
  for (const backend of backends.splice(0)) backend.close();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.closeAllConnections() ?? server.close(resolve))));
});

describe(relayAnswer.name, () => {
  it('writes the backend answer, status, headers and body, into the client response', async () => {
    const backend = backendAt(await listen((request, response) => {
      expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=backend\//);
      response.writeHead(206, { 'x-backend': 'yes', 'content-length': '5' }).end('bytes');
    }));
    expect(await throughGateway(backend)).toEqual({ received: { status: 206, body: 'bytes', complete: true, header: 'yes' }, outcome: 'relayed' });
  });

  it('turns a status into the refusal given, without writing the answer', async () => {
    const backend = backendAt(await listen((_request, response) => response.writeHead(404, { 'content-length': '7' }).end('missing')));
    const { received, outcome } = await throughGateway(backend, (status) => (status === 404 ? new S3Error('AccessDenied', 'Access Denied.') : undefined));
    expect(received.status).toBe(599);
    expect(outcome).toMatchObject({ code: 'AccessDenied' });
  });

  it('is ServiceUnavailable when the backend cannot be reached', async () => {
    const url = await listen(() => undefined);
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const { outcome } = await throughGateway(backendAt(url));
    expect(outcome).toMatchObject({ code: 'ServiceUnavailable' });
  });

  it('cuts the client connection when the backend fails mid-body, so a part never passes for the whole', async () => {
    const backend = backendAt(await listen((_request, response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('only part of it', () => response.destroy());
    }));
    const { received, outcome } = await throughGateway(backend);
    expect(received).toMatchObject({ status: 200, complete: false });
    expect(outcome).toBe('relayed');
  });

  it('aborts the backend request when the client left before the answer, and frees its connection', async () => {
    let firstArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (firstArrived = resolve));
    let firstGone!: () => void;
    const gone = new Promise<void>((resolve) => (firstGone = resolve));
    const backend = backendAt(await listen((request, response) => {
      if (request.url !== '/b/first') return void response.writeHead(200, { 'content-length': '2' }).end('ok');
      firstArrived();
      // Answered only once its client has gone, and too long for one read.
      void gone.then(() => response.writeHead(200, { 'content-length': String(4 << 20) }).end(Buffer.alloc(4 << 20)));
    }), 1);
    const settled: unknown[] = [];
    const gateway = await listen((request, response) => {
      if (request.url === '/b/first') response.once('close', firstGone);
      relayAnswer(backend, { method: 'GET', path: request.url!, query: '', headers: [], payloadHash: 'UNSIGNED-PAYLOAD' }, response)
        .then(() => settled.push('relayed'), (error: unknown) => settled.push(error));
    });
    const leaving = httpRequest(`${gateway}/b/first`);
    leaving.on('error', () => undefined).end();
    await arrived;
    leaving.destroy();
    await gone;
    // One backend connection only: the second call gets it only if the first one let it go.
    const second = await new Promise<string>((resolve, reject) => {
      httpRequest(`${gateway}/b/second`, (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => resolve(body));
      }).on('error', reject).end();
    });
    expect(second).toBe('ok');
    expect(settled).toHaveLength(2);
  }, 10_000);
});
