import { describe, expect, it } from '@jest/globals';
import { headersOf } from './answer-sink.js';

describe(headersOf.name, () => {
  it('lower-cases names, keeps the value bytes as latin1 and gathers a repeated name into an array', () => {
    const raw = ['Content-Type', 'text/plain', 'X-Amz-Meta-Note', 'caf\u00e9', 'Set-Cookie', 'a=1', 'set-cookie', 'b=2'].map((text) => Buffer.from(text, 'latin1'));
    expect(headersOf(raw)).toEqual({ 'content-type': 'text/plain', 'x-amz-meta-note': 'caf\u00e9', 'set-cookie': ['a=1', 'b=2'] });
  });

  it('ignores a name without a value', () => {
    expect(headersOf([Buffer.from('ETag'), Buffer.from('"x"'), Buffer.from('dangling')])).toEqual({ etag: '"x"' });
  });
});
