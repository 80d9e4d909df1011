import { readFileSync } from 'node:fs';
import net from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { freePorts } from '../scripts/lib/servers.mjs';

const ephemeralLow = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);

function listenOn(port: number): Promise<net.Server> {
  const server = net.createServer();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('freePorts (the ports servers and apps are started on)', () => {
  it('gives distinct ports below the ephemeral range, where outgoing connections never take a local port', async () => {
    const ports = await freePorts(24);
    expect(new Set(ports).size).toBe(24);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(10_000);
      expect(port).toBeLessThan(ephemeralLow);
    }
  });

  it('gives ports a server can listen on right after, and never one already listened on', async () => {
    const held = await Promise.all((await freePorts(4)).map(listenOn));
    try {
      const heldPorts = held.map((server) => (server.address() as net.AddressInfo).port);
      const ports = await freePorts(16);
      expect(ports.filter((port) => heldPorts.includes(port))).toEqual([]);
      const servers = await Promise.all(ports.map(listenOn));
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    } finally {
      await Promise.all(held.map((server) => new Promise((resolve) => server.close(resolve))));
    }
  });
});
