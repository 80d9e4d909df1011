import { describe, expect, it } from '@jest/globals';
import type { SignedRequest } from '#contracts';
import { canonicalRequest } from './index.js';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const request = (path: string, query = '', headers: [string, string][] = [['Host', 'h']]): SignedRequest =>
  ({ method: 'GET', path, query, headers, payloadHash: EMPTY_SHA256 });
const lines = (req: SignedRequest, normalizePath = false): string[] =>
  canonicalRequest(req, ['host'], { normalizePath }).split('\n');
const canonicalUri = (path: string, normalizePath = false): string => lines(request(path), normalizePath)[1];
const canonicalQuery = (raw: string): string => lines(request('/', raw))[2];

describe(canonicalRequest.name, () => {
  it.each([
    ['/a b/c', '/a%20b/c'],
    ['/a%20b/c', '/a%20b/c'],
    ['/%e1%88%b4', '/%E1%88%B4'],
    ["/!'()*", '/%21%27%28%29%2A'],
    ['/a%2Fb', '/a%2Fb'],
    ['/100%', '/100%25'],
    ['/%zz', '/%25zz'],
    ['/%FF', '/%FF'],
    ['', '/'],
  ])('should sign the path %j as %j', (path, expected) => {
    expect(canonicalUri(path)).toBe(expected);
  });

  it('leaves out the query parts that begin with omitQueryPrefix, as if cut out of the query first', () => {
    const raw = 'X-Amz-Date=20261202T000000Z&X-Amz-Signature=abc&&b=2&X-Amz-Signature=def&X-Amz-%53ignature=ghi&X-Amz-SignatureX=1';
    const cut = raw.split('&').filter((part) => part !== '' && !part.startsWith('X-Amz-Signature=')).join('&');
    const omitted = canonicalRequest(request('/', raw), ['host'], { omitQueryPrefix: 'X-Amz-Signature=' });
    expect(omitted).toBe(canonicalRequest(request('/', cut), ['host']));
    // Only the raw spelling is left out: an escaped one stays signed (and so fails to match).
    expect(omitted.split('\n')[2]).toBe('X-Amz-Date=20261202T000000Z&X-Amz-Signature=ghi&X-Amz-SignatureX=1&b=2');
  });

  it('should not throw on a lone surrogate in the path', () => {
    expect(canonicalUri('/\ud800')).toBe('/%EF%BF%BD');
  });

  it.each([
    ['/a/./b/../c', '/a/c'],
    ['/a/b/', '/a/b/'],
    ['/../..', '/'],
    ['/a%20b//c', '/a%20b/c'],
  ])('should normalize %j to %j when asked', (path, expected) => {
    expect(canonicalUri(path, true)).toBe(expected);
  });

  it('should keep dot segments and doubled slashes when not normalizing, as S3 signs them', () => {
    expect(canonicalUri('//a/./b/..', false)).toBe('//a/./b/..');
  });

  it.each([
    ['b=2&a=1', 'a=1&b=2'],
    ['a=2&a=1&a=10', 'a=1&a=10&a=2'],
    ['flag&x=', 'flag=&x='],
    ['a=b+c', 'a=b%20c'],
    ['a=b%2Bc', 'a=b%2Bc'],
    ['a=%7e~', 'a=~~'],
    ['a=1&&b=2', 'a=1&b=2'],
    ['k=v=w', 'k=v%3Dw'],
    ['%zz=1', '%25zz=1'],
  ])('should canonicalize the query %j as %j', (raw, expected) => {
    expect(canonicalQuery(raw)).toBe(expected);
  });

  it('should sort encoded names by byte order, so upper case comes first', () => {
    expect(canonicalQuery('b=1&B=2&a=3')).toBe('B=2&a=3&b=1');
  });

  it('should join repeated headers in arrival order after trimming and collapsing spaces', () => {
    const req = request('/', '', [['X-A', '  two   words '], ['host', 'h'], ['x-a', 'b\tc'], ['X-Other', 'unsigned']]);
    expect(canonicalRequest(req, ['X-A', 'Host'])).toBe(
      ['GET', '/', '', 'host:h', 'x-a:two words,b c', '', 'host;x-a', EMPTY_SHA256].join('\n'));
  });

  it('should refuse to build a canonical request without a signed header', () => {
    expect(() => canonicalRequest(request('/'), ['host', 'x-amz-date']))
      .toThrow(expect.objectContaining({ code: 'IncompleteSignature' }));
  });
});

describe('canonical headers', () => {
  const headers: [string, string][] = [['Host', 'h'], ['X-Amz-Meta', ' a  b '], ['x-amz-meta', 'c'], ['X-Amz-Date', '20261202T000000Z']];
  const block = (names: string[]): string[] => canonicalRequest(request('/', '', headers), names).split('\n').slice(3, -2);

  it('should list signed headers sorted, lower-cased, with repeated values comma-joined in arrival order', () => {
    expect(block(['x-amz-meta', 'Host', 'x-amz-date'])).toEqual(['host:h', 'x-amz-date:20261202T000000Z', 'x-amz-meta:a b,c', '']);
  });

  it('should write a name listed twice once, as the signed-header list keeps it twice', () => {
    const lines = canonicalRequest(request('/', '', headers), ['host', 'host']).split('\n');
    expect(lines.slice(3)).toEqual(['host:h', '', 'host;host', EMPTY_SHA256]);
  });

  it('should read a frozen list (kept sorted beside it) as it reads the same list unfrozen', () => {
    const frozen = Object.freeze(['x-amz-meta', 'host', 'x-amz-date']);
    expect(block([...frozen])).toEqual(block(frozen as string[]));
    expect(block(frozen as string[])).toEqual(['host:h', 'x-amz-date:20261202T000000Z', 'x-amz-meta:a b,c', '']);
  });

  it('should sort a list that can change afresh on every call', () => {
    const names = ['host', 'x-amz-date'];
    expect(block(names)).toEqual(['host:h', 'x-amz-date:20261202T000000Z', '']);
    names.push('x-amz-meta');
    expect(block(names)).toEqual(['host:h', 'x-amz-date:20261202T000000Z', 'x-amz-meta:a b,c', '']);
  });

  it('should fold every kind of white space as the full folding does, whatever shortcut it takes', () => {
    const folded = (value: string) =>
      value.split(/\r\n|\r|\n/).map((line) => line.trim().replace(/\s+/g, ' ')).filter((line, i) => i === 0 || line !== '').join(',');
    const line = (value: string) => canonicalRequest(request('/', '', [['Host', 'h'], ['X-V', value]]), ['host', 'x-v']).split('\n')[4];
    for (let code = 0; code <= 0xffff; code++) {
      const c = String.fromCharCode(code);
      for (const value of [`a${c}b`, `a ${c}b`]) {
        if (line(value) !== `x-v:${folded(value)}`) throw new Error(`U+${code.toString(16)} in ${JSON.stringify(value)}: ${line(value)}`);
      }
    }
    expect(line(' a  b ')).toBe('x-v:a b');
  });

  it('should refuse a signed header the request lacks', () => {
    expect(() => block(['host', 'x-missing'])).toThrow(expect.objectContaining({ code: 'IncompleteSignature' }));
  });
});
