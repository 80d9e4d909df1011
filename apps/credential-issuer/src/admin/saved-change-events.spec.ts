import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { AdminSubjects as S } from '#contracts';
import type { StsClient } from '#infra-nats';
import { flushEventsOfSavedChange } from './saved-change-events.js';

const busFlushing = (flush: () => Promise<void>) => ({ flush }) as unknown as StsClient;

afterEach(() => {
  jest.restoreAllMocks();
});

describe(flushEventsOfSavedChange.name, () => {
  it('waits for the flush of the events', async () => {
    let flushed = false;
    await flushEventsOfSavedChange(busFlushing(async () => void (flushed = true)), S.UsersRemove);
    expect(flushed).toBe(true);
  });

  it('answers the saved change when the flush fails, with a warning naming only the operation', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    await expect(flushEventsOfSavedChange(busFlushing(async () => Promise.reject(new Error('connection disconnected'))), S.UsersSetStatus)).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(new RegExp(`^${S.UsersSetStatus.replace(/\./g, '\\.')}: saved, .*connection disconnected`));
  });
});
