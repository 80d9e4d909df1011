import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { exitWithinDeadline, SHUTDOWN_DEADLINE_MS } from './bootstrap.js';
import { JsonLogger } from './json-logger.js';

describe(exitWithinDeadline.name, () => {
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('exits once the deadline after SIGTERM has passed, however long the close hangs (issue 11 case 10)', () => {
    jest.useFakeTimers();
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const logger = new JsonLogger('spec', 'error');
    const before = { term: process.listeners('SIGTERM'), int: process.listeners('SIGINT') };
    exitWithinDeadline(logger);
    const added = (signal: 'SIGTERM' | 'SIGINT', old: Function[]) => process.listeners(signal).filter((l) => !old.includes(l));
    const onTerm = added('SIGTERM', before.term);
    const onInt = added('SIGINT', before.int);
    expect(onTerm).toHaveLength(1);
    onTerm[0]('SIGTERM');
    jest.advanceTimersByTime(SHUTDOWN_DEADLINE_MS - 1);
    expect(exit).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(exit).toHaveBeenCalledWith(1);
    expect(SHUTDOWN_DEADLINE_MS).toBeLessThan(10_000);
    onInt.forEach((l) => process.removeListener('SIGINT', l as never));
  });
});
