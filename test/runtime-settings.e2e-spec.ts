import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { freePorts, GO_SERVER_GOGC, startEtcd, startNats, type ServerHandle } from '../scripts/lib/servers.mjs';

// README "Runtime settings": what the launcher gives nats-server and etcd, read back from the running processes.
const dir = mkdtempSync(join(tmpdir(), 'sts-runtime-settings-'));
const started: ServerHandle[] = [];
const launcherGogc = process.env.GOGC;

afterAll(async () => {
  restoreGogc();
  await Promise.all(started.map((server) => server.stop()));
  rmSync(dir, { recursive: true, force: true });
});

function restoreGogc() {
  if (launcherGogc === undefined) delete process.env.GOGC;
  else process.env.GOGC = launcherGogc;
}

function gogcOf(server: ServerHandle): string | undefined {
  const environ = readFileSync(`/proc/${server.pid}/environ`, 'utf8').split('\0');
  return environ.find((entry) => entry.startsWith('GOGC='))?.slice('GOGC='.length);
}

async function nats(): Promise<ServerHandle> {
  const [port] = await freePorts(1);
  const server = await startNats({ port, logFile: join(dir, `nats-${port}.log`) });
  started.push(server);
  return server;
}

async function etcd(): Promise<ServerHandle> {
  const [clientPort, peerPort] = await freePorts(2);
  const server = await startEtcd({ clientPort, peerPort, dataDir: join(dir, `etcd-${clientPort}`), logFile: join(dir, `etcd-${clientPort}.log`), fast: true });
  started.push(server);
  return server;
}

describe('GOGC of the Go servers', () => {
  it(`starts nats-server and etcd with GOGC=${GO_SERVER_GOGC} when the launcher sets none`, async () => {
    delete process.env.GOGC;
    try {
      const servers = await Promise.all([nats(), etcd()]);
      expect(servers.map(gogcOf)).toEqual([GO_SERVER_GOGC, GO_SERVER_GOGC]);
    } finally {
      restoreGogc();
    }
  }, 30_000);

  it("keeps the launcher's own GOGC", async () => {
    process.env.GOGC = '150';
    try {
      const servers = await Promise.all([nats(), etcd()]);
      expect(servers.map(gogcOf)).toEqual(['150', '150']);
    } finally {
      restoreGogc();
    }
  }, 30_000);
});
