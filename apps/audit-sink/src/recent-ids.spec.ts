import { describe, expect, it } from '@jest/globals';
import { RecentIds } from './recent-ids.js';

describe('RecentIds', () => {
  it('knows the ids it was given', () => {
    const recent = new RecentIds(3);
    recent.remember('a');
    recent.remember('b');
    expect(recent.has('a')).toBe(true);
    expect(recent.has('b')).toBe(true);
    expect(recent.has('c')).toBe(false);
  });

  it('forgets the oldest id once it holds its capacity', () => {
    const recent = new RecentIds(3);
    for (const id of ['a', 'b', 'c', 'd']) recent.remember(id);
    expect(recent.has('a')).toBe(false);
    expect(['b', 'c', 'd'].every((id) => recent.has(id))).toBe(true);
    expect(recent.size).toBe(3);
    recent.remember('e');
    expect(recent.has('b')).toBe(false);
    expect(recent.has('e')).toBe(true);
  });

  it('counts an id given twice once, so it does not push out another early', () => {
    const recent = new RecentIds(2);
    recent.remember('a');
    recent.remember('a');
    recent.remember('b');
    expect(recent.has('a')).toBe(true);
    expect(recent.has('b')).toBe(true);
    recent.remember('c');
    expect(recent.has('a')).toBe(false);
    expect(recent.has('b')).toBe(true);
  });
});
