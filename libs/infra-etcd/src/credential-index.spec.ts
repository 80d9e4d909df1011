import { describe, expect, it } from '@jest/globals';
import { entryAccessKeys, indexEntries } from './credential-index.js';

const credential = (accessKey: string, parent = 'alice', lease = '7') => ({ accessKey, parent, lease });

describe(indexEntries.name, () => {
  it('writes one entry per parent and lease, named by its first credential and listing the others', () => {
    const entries = indexEntries([credential('AK1'), credential('AK2'), credential('AK3', 'bob'), credential('AK4', 'alice', '8'), credential('AK5')]);
    expect(entries.map((e) => [e.key, e.value.toString(), e.lease])).toEqual([
      ['sts/by-parent/alice/AK1', '["AK2","AK5"]', '7'],
      ['sts/by-parent/bob/AK3', '', '7'],
      ['sts/by-parent/alice/AK4', '', '8'],
    ]);
  });

  it('keeps parents apart that a naive key join would merge, and encodes the parent in the key', () => {
    const entries = indexEntries([credential('AK1', 'root/user'), credential('AK2', 'root'), credential('AK3', 'root/user')]);
    expect(entries.map((e) => e.key)).toEqual(['sts/by-parent/root%2Fuser/AK1', 'sts/by-parent/root/AK2']);
    expect(entryAccessKeys('AK1', entries[0].value)).toEqual(['AK1', 'AK3']);
  });
});

describe(entryAccessKeys.name, () => {
  it('reads an entry of an earlier release (empty value) as its own credential alone', () => {
    expect(entryAccessKeys('OLD', Buffer.alloc(0))).toEqual(['OLD']);
  });

  it('reads back every access key of a written entry', () => {
    const [entry] = indexEntries(['A', 'B', 'C'].map((k) => credential(k)));
    expect(entryAccessKeys('A', entry.value)).toEqual(['A', 'B', 'C']);
  });

  it('refuses a value that is not a list of access keys instead of skipping credentials', () => {
    expect(() => entryAccessKeys('A', Buffer.from('{"B":1}'))).toThrow(/not a list of access keys/);
    expect(() => entryAccessKeys('A', Buffer.from('[1]'))).toThrow(/not a list of access keys/);
  });
});
