import { describe, expect, it } from '@jest/globals';
import { assertFresh, formatAmzDate, isScopeDate, parseAmzDate } from './request-date.js';

describe(parseAmzDate.name, () => {
  it('reads the ISO 8601 basic format', () => {
    expect(parseAmzDate('20261202T031500Z')?.toISOString()).toBe('2026-12-02T03:15:00.000Z');
    expect(parseAmzDate('20240229T235959Z')?.toISOString()).toBe('2024-02-29T23:59:59.000Z');
  });

  it.each([
    ['month 13', '20261302T031500Z'],
    ['31 November', '20261131T000000Z'],
    ['29 February of a common year', '20250229T000000Z'],
    ['hour 24', '20261202T240000Z'],
    ['second 60', '20261202T235960Z'],
    ['a year before 100, which Date.UTC would read as 19xx', '00500101T000000Z'],
    ['another format', '2026-12-02T03:15:00Z'],
  ])('refuses %s', (_, value) => {
    expect(parseAmzDate(value)).toBeUndefined();
  });

  it('checks scope dates the same way', () => {
    expect(isScopeDate('20261202')).toBe(true);
    expect(isScopeDate('20151340')).toBe(false);
  });
});

describe(formatAmzDate.name, () => {
  it('formats each second, remembered or not, and moves on with the clock', () => {
    const times = ['2026-12-02T03:15:00.000Z', '2026-12-02T03:15:00.999Z', '2026-12-02T03:15:01.000Z', '2026-12-02T03:15:00.500Z', '1969-12-31T23:59:59.500Z'];
    expect(times.map((time) => formatAmzDate(new Date(time)))).toEqual(['20261202T031500Z', '20261202T031500Z', '20261202T031501Z', '20261202T031500Z', '19691231T235959Z']);
  });

  it('still refuses an invalid date', () => {
    expect(() => formatAmzDate(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe(assertFresh.name, () => {
  const now = new Date('2026-12-02T03:15:00Z');
  const window = 15 * 60_000;

  it('accepts a request within the window', () => {
    expect(() => assertFresh('20261202T030000Z', new Date('2026-12-02T03:00:00Z'), now, window)).not.toThrow();
  });

  it('words an expired and an early signature as AWS does', () => {
    expect(() => assertFresh('20261202T025959Z', new Date('2026-12-02T02:59:59Z'), now, window))
      .toThrow('Signature expired: 20261202T025959Z is now earlier than 20261202T030000Z (20261202T031500Z - 15 min.)');
    expect(() => assertFresh('20261202T033001Z', new Date('2026-12-02T03:30:01Z'), now, window))
      .toThrow('Signature not yet current: 20261202T033001Z is still later than 20261202T033000Z (20261202T031500Z + 15 min.)');
  });
});
