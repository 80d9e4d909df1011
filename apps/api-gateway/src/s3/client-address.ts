import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import proxyaddr from '@fastify/proxy-addr';

/**
 * `aws:SourceIp` and `aws:SecureTransport` of an S3 call, as Fastify's trustProxy gives them to STS:
 * X-Forwarded-For / X-Forwarded-Proto count only when the connection comes from STS_TRUSTED_PROXIES.
 */
export class ClientAddress {
  private readonly trust?: (address: string, hop: number) => boolean;

  constructor(trustedProxies: readonly string[]) {
    this.trust = trustedProxies.length > 0 ? proxyaddr.compile([...trustedProxies]) : undefined;
  }

  of(request: IncomingMessage): { sourceIp?: string; secure: boolean } {
    const peer = request.socket.remoteAddress;
    const viaProxy = this.trust !== undefined && peer !== undefined && this.trust(peer, 0);
    const sourceIp = this.trust ? proxyaddr(request, this.trust) : peer;
    const proto = viaProxy ? String(request.headers['x-forwarded-proto'] ?? '').split(',')[0].trim() : '';
    return { sourceIp: sourceIp?.replace(/^::ffff:/, ''), secure: (request.socket as TLSSocket).encrypted === true || proto === 'https' };
  }
}
