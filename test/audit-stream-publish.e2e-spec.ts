// StsClient.publishDurably against a real nats-server with JetStream: it reads the stream's
// acknowledgement itself (ReplyInbox), so what JetStream answers is checked here, not assumed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DiscardPolicy, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { AUDIT_STREAM, Events, type AuditEvent } from '#contracts';
import { NoResponders, StreamRefused, StsClient } from '#infra-nats';
import { freePorts, startNats, type ServerHandle } from '../scripts/lib/servers.mjs';

let dir: string;
let nats: ServerHandle;
let admin: NatsConnection;
let manager: JetStreamManager;
let client: StsClient;

const event = (requestId: string): AuditEvent => ({ id: `id-${requestId}`, time: '2026-12-03T07:00:00Z', requestId, action: 'AssumeRole', outcome: 'issued' });
const stored = async () => (await manager.streams.info(AUDIT_STREAM.name)).state.messages;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sts-stream-publish-'));
  const configFile = join(dir, 'nats.conf');
  writeFileSync(configFile, `jetstream { store_dir: "${join(dir, 'js')}" }\n`);
  const [port] = await freePorts(1);
  nats = await startNats({ port, configFile, logFile: join(dir, 'nats.log') });
  admin = await connect({ servers: nats.url });
  manager = await jetstreamManager(admin);
  await manager.streams.add({ name: AUDIT_STREAM.name, subjects: [AUDIT_STREAM.subject], duplicate_window: nanos(60_000) });
  client = new StsClient({ servers: [nats.url], timeoutMs: 1000, name: 'spec', app: 'api-gateway' });
  await client.connect();
});

afterAll(async () => {
  await client?.onApplicationShutdown();
  await admin?.close();
  await nats?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('publishing to the audit stream', () => {
  it('resolves once the stream holds the message, and stores a second publish of the same id once', async () => {
    await client.publishDurably(Events.Audit, event('a'), 'msg-a', 2000);
    await client.publishDurably(Events.Audit, event('a'), 'msg-a', 2000);
    await client.publishDurably(Events.Audit, event('b'), 'msg-b', 2000);
    expect(await stored()).toBe(2);
    const message = await manager.streams.getMessage(AUDIT_STREAM.name, { seq: 1 });
    expect(message?.header?.get('Nats-Msg-Id')).toBe('msg-a');
    expect(message?.json<AuditEvent>()).toEqual(event('a'));
  });

  it("rejects with the stream's reason when the stream refuses the message", async () => {
    await manager.streams.update(AUDIT_STREAM.name, { max_msgs: await stored(), discard: DiscardPolicy.New });
    const failure = await client.publishDurably(Events.Audit, event('c'), 'msg-c', 300).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StreamRefused);
    expect((failure as Error).message).toMatch(/maximum messages exceeded/);
    expect(await stored()).toBe(2);
  });

  it('rejects after its deadline when no stream takes the subject', async () => {
    await manager.streams.delete(AUDIT_STREAM.name);
    const started = Date.now();
    const failure = await client.publishDurably(Events.Audit, event('d'), 'msg-d', 600).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NoResponders);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });
});
