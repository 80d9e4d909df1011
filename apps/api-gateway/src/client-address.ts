import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import proxyaddr from '@fastify/proxy-addr';

/**
 * Who is calling, as Fastify's trustProxy would say it: X-Forwarded-For / X-Forwarded-Proto count
 * only when the connection comes from one of STS_TRUSTED_PROXIES.
 */
export class ClientAddress {
  private readonly trust?: (address: string, hop: number) => boolean;

  constructor(trustedProxies: readonly string[]) {
    this.trust = trustedProxies.length > 0 ? proxyaddr.compile([...trustedProxies]) : undefined;
  }

  /** The client's address exactly as Fastify's `request.ip` gives it (STS parameters, audit lines). */
  ip(request: IncomingMessage): string | undefined {
    return this.trust ? proxyaddr(request, this.trust) : request.socket.remoteAddress;
  }

  /** `aws:SourceIp` and `aws:SecureTransport` of an S3 call. */
  of(request: IncomingMessage): { sourceIp?: string; secure: boolean } {
    const peer = request.socket.remoteAddress;
    const viaProxy = this.trust !== undefined && peer !== undefined && this.trust(peer, 0);
    const proto = viaProxy ? String(request.headers['x-forwarded-proto'] ?? '').split(',')[0].trim() : '';
    return { sourceIp: this.ip(request)?.replace(/^::ffff:/, ''), secure: (request.socket as TLSSocket).encrypted === true || proto === 'https' };
  }
}
