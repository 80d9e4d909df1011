import { describe, expect, it } from '@jest/globals';
import { AbsentKeys } from './absent-keys.js';

describe(AbsentKeys.name, () => {
  it('answers a remembered key until its time is up, then forgets it', () => {
    const absent = new AbsentKeys<'gone'>(10);
    absent.remember('K1', 'gone', 1_000);
    expect(absent.answerFor('K1', 999)).toBe('gone');
    expect(absent.answerFor('K1', 1_000)).toBeUndefined();
    expect(absent.size).toBe(0);
    expect(absent.answerFor('never', 0)).toBeUndefined();
  });

  it('keeps at most its bound, forgetting the oldest first', () => {
    const absent = new AbsentKeys<'gone'>(2);
    absent.remember('K1', 'gone');
    absent.remember('K2', 'gone');
    absent.remember('K1', 'gone'); // remembered again: the newest now
    absent.remember('K3', 'gone');
    expect([absent.answerFor('K1', 0), absent.answerFor('K2', 0), absent.answerFor('K3', 0)]).toEqual(['gone', undefined, 'gone']);
    absent.clear();
    expect(absent.answerFor('K3', 0)).toBeUndefined();
  });

  it('with a trust, remembers nothing while it is withheld and believes an absence only while it stays the same', () => {
    let trust: number | undefined;
    const absent = new AbsentKeys<'unknown'>(10, () => trust);
    absent.remember('K1', 'unknown', 1_000);
    expect(absent.answerFor('K1', 0)).toBeUndefined();
    expect(absent.size).toBe(0);
    trust = 7;
    absent.remember('K1', 'unknown', 1_000);
    expect(absent.answerFor('K1', 0)).toBe('unknown');
    trust = undefined; // a feed went down: nothing learned before it is believed meanwhile
    expect(absent.answerFor('K1', 0)).toBeUndefined();
    trust = 7;
    absent.remember('K1', 'unknown', 1_000);
    trust = 8; // the bus came back, or an issuer left: news may have been missed
    expect(absent.answerFor('K1', 0)).toBeUndefined();
    expect(absent.size).toBe(0);
  });
});
