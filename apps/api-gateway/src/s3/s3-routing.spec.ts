import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from '@jest/globals';
import { isS3Request, parseQuery, s3Target } from './s3-routing.js';

const request = (url: string, host = '127.0.0.1:9000') => ({ url, headers: { host } }) as unknown as IncomingMessage;

describe(isS3Request.name, () => {
  it.each([
    ['POST', '/', '127.0.0.1:9000', false],
    ['POST', '/?Action=AssumeRole', '127.0.0.1:9000', false],
    ['GET', '/minio/health/ready', '127.0.0.1:9000', false],
    ['PUT', '/minio/admin/v3/add-user', '127.0.0.1:9000', false],
    ['GET', '/', '127.0.0.1:9000', true],
    ['PUT', '/bucket/key', '127.0.0.1:9000', true],
    ['POST', '/bucket?delete', '127.0.0.1:9000', true],
    ['POST', '/', 'photos.s3.example.com', true],
  ])('%s %s (Host %s) is S3: %s', (method, url, host, expected) => {
    expect(isS3Request(method, url, host, ['s3.example.com'])).toBe(expected);
  });
});

describe(s3Target.name, () => {
  it('reads path-style bucket and key, keeping the raw path the client signed', () => {
    expect(s3Target(request('/photos/a%20b/c.jpg?x-id=GetObject'), [])).toEqual({
      bucket: 'photos', key: 'a b/c.jpg', rawPath: '/photos/a%20b/c.jpg', rawQuery: 'x-id=GetObject', backendPath: '/photos/a%20b/c.jpg',
    });
    expect(s3Target(request('/'), [])).toMatchObject({ bucket: undefined, key: undefined, backendPath: '/' });
  });

  it('reads virtual-host style when MINIO_DOMAIN names the host, and forwards path style', () => {
    expect(s3Target(request('/a/b.txt', 'photos.s3.example.com:9000'), ['s3.example.com'])).toMatchObject({ bucket: 'photos', key: 'a/b.txt', backendPath: '/photos/a/b.txt' });
    expect(s3Target(request('/', 'photos.s3.example.com'), ['s3.example.com'])).toMatchObject({ bucket: 'photos', key: undefined, backendPath: '/photos' });
  });

  it.each([
    ['/Bad_Bucket/k', 'InvalidBucketName'],
    ['/ab/k', 'InvalidBucketName'],
    [`/bucket/${'k'.repeat(1025)}`, 'KeyTooLongError'],
    ['/bucket/%E0%A4%A', 'InvalidArgument'],
  ])('refuses %s with %s', (url, code) => {
    expect(() => s3Target(request(url), [])).toThrow(expect.objectContaining({ code }));
  });
});

describe(parseQuery.name, () => {
  const entries = (query: URLSearchParams) => [...query];

  it.each([
    ['', 'empty'],
    ['X-Amz-Credential=AKID%2F20261202%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Security-Token=eyJ.a-b_c.d&x-id=GetObject', 'a presigned URL'],
    ['uploads&prefix=a+b%20c&delimiter=%2F', 'a name without a value, + and %20 as spaces'],
    ['a=1&a=2&&b=&=c&d==e', 'repeats, empty parts, empty names and values, = in a value'],
    ['?a=1', 'a leading question mark'],
    ['a=%zz&b=%E2%82%AC', 'an escape that is no escape'],
    ['a=%C3%28&b=%ED%A0%80', 'escapes that are not UTF-8'],
    ['n%C3%A9=v%C3%A9&%F0%9F%98%80=x', 'UTF-8 escapes in names and values'],
    ['a=é&b=\u00ff', 'characters left unescaped'],
  ])('reads %j as URLSearchParams does (%s)', (raw) => {
    expect(entries(parseQuery(raw))).toEqual(entries(new URLSearchParams(raw)));
  });

  it('agrees with URLSearchParams on random queries', () => {
    const alphabet = ['a', 'Z', '0', '=', '&', '+', '%', '%2', '%20', '%2F', '%C3%A9', '%FF', '%E2%82', '?', '-', '.', '~', 'é', ' '];
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      const raw = Array.from({ length: Math.floor(next() * 12) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      expect({ raw, entries: entries(parseQuery(raw)) }).toEqual({ raw, entries: entries(new URLSearchParams(raw)) });
    }
  });
});
