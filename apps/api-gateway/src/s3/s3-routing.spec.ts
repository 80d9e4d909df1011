import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from '@jest/globals';
import { isS3Request, s3Target } from './s3-routing.js';

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
