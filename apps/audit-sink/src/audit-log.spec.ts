import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { AuditEvent } from '#contracts';
import { AuditLog } from './audit-log.js';
import type { AuditSinkConfig } from './config.js';

const event = (id: string): AuditEvent => ({ id, time: '2026-12-02T16:00:00.000Z', requestId: `r-${id}`, action: 'AssumeRole', outcome: 'issued' });
const logAt = (output: string) => new AuditLog({ output } as AuditSinkConfig);
const idsIn = (path: string) => readFileSync(path, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { id: string; type: string });

describe('AuditLog', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'audit-log-'));
    path = join(dir, 'audit.log');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('has every line of a batch in the file once append resolves', async () => {
    const log = logAt(path);
    await log.open();
    await log.append([event('a'), event('b')]);
    expect(idsIn(path)).toEqual([{ type: 'audit', ...event('a') }, { type: 'audit', ...event('b') }]);
    log.onApplicationShutdown();
  });

  it('writes an id once, within a batch and across batches', async () => {
    const log = logAt(path);
    await log.open();
    await log.append([event('a'), event('a'), event('b')]);
    await log.append([event('b'), event('c')]);
    expect(idsIn(path).map((line) => line.id)).toEqual(['a', 'b', 'c']);
    log.onApplicationShutdown();
  });

  it('skips ids already in the file when it starts again (a redelivery after a crash)', async () => {
    writeFileSync(path, `${JSON.stringify({ type: 'audit', ...event('a') })}\nnot json\n`);
    const log = logAt(path);
    await log.open();
    await log.append([event('a'), event('b')]);
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines.slice(0, 2)).toEqual([JSON.stringify({ type: 'audit', ...event('a') }), 'not json']);
    expect(lines.slice(2)).toEqual([JSON.stringify({ type: 'audit', ...event('b') })]);
    log.onApplicationShutdown();
  });

  it('refuses to write once shut down, so the message is not acknowledged', async () => {
    const log = logAt(path);
    await log.open();
    log.onApplicationShutdown();
    await expect(log.append([event('a')])).rejects.toThrow('closed');
  });
});
