import { describe, expect, it } from '@jest/globals';
import { describeS3Operation, parseCopySource, type S3Call } from './s3-operations.js';

const call = (method: string, bucket?: string, key?: string, query = '', headers: Record<string, string> = {}): S3Call =>
  ({ method, bucket, key, query: new URLSearchParams(query), header: (name) => headers[name] });
const checks = (c: S3Call) => describeS3Operation(c).checks.map(({ action, resource }) => `${action} ${resource}`);

describe(describeS3Operation.name, () => {
  it.each([
    ['GET', undefined, undefined, '', 'ListBuckets', []],
    ['GET', 'b', undefined, 'prefix=a/&delimiter=/', 'ListObjects', ['s3:ListBucket arn:aws:s3:::b']],
    ['GET', 'b', undefined, 'list-type=2&continuation-token=x', 'ListObjectsV2', ['s3:ListBucket arn:aws:s3:::b']],
    ['HEAD', 'b', undefined, '', 'HeadBucket', ['s3:ListBucket arn:aws:s3:::b']],
    ['PUT', 'b', undefined, '', 'CreateBucket', ['s3:CreateBucket arn:aws:s3:::b']],
    ['DELETE', 'b', undefined, '', 'DeleteBucket', ['s3:DeleteBucket arn:aws:s3:::b']],
    ['GET', 'b', undefined, 'location', 'GetBucketLocation', ['s3:GetBucketLocation arn:aws:s3:::b']],
    ['GET', 'b', undefined, 'uploads', 'ListMultipartUploads', ['s3:ListBucketMultipartUploads arn:aws:s3:::b']],
    ['DELETE', 'b', undefined, 'tagging', 'DeleteBucketTagging', ['s3:PutBucketTagging arn:aws:s3:::b']],
    ['GET', 'b', 'k/x', 'x-id=GetObject', 'GetObject', ['s3:GetObject arn:aws:s3:::b/k/x']],
    ['HEAD', 'b', 'k', '', 'HeadObject', ['s3:GetObject arn:aws:s3:::b/k']],
    ['GET', 'b', 'k', 'X-Amz-Expires=60&x-amz-checksum-mode=ENABLED&X-AMZ-Date=1&x-Amz-Foo=2', 'GetObject', ['s3:GetObject arn:aws:s3:::b/k']],
    ['GET', 'b', 'k', 'uploadId=1&uploadId=2', 'ListParts', ['s3:ListMultipartUploadParts arn:aws:s3:::b/k']],
    ['PUT', 'b', 'k', '', 'PutObject', ['s3:PutObject arn:aws:s3:::b/k']],
    ['DELETE', 'b', 'k', '', 'DeleteObject', ['s3:DeleteObject arn:aws:s3:::b/k']],
    ['POST', 'b', 'k', 'uploads', 'CreateMultipartUpload', ['s3:PutObject arn:aws:s3:::b/k']],
    ['PUT', 'b', 'k', 'partNumber=1&uploadId=u', 'UploadPart', ['s3:PutObject arn:aws:s3:::b/k']],
    ['POST', 'b', 'k', 'uploadId=u', 'CompleteMultipartUpload', ['s3:PutObject arn:aws:s3:::b/k']],
    ['DELETE', 'b', 'k', 'uploadId=u', 'AbortMultipartUpload', ['s3:AbortMultipartUpload arn:aws:s3:::b/k']],
    ['GET', 'b', 'k', 'uploadId=u', 'ListParts', ['s3:ListMultipartUploadParts arn:aws:s3:::b/k']],
    ['PUT', 'b', 'k', 'tagging', 'PutObjectTagging', ['s3:PutObjectTagging arn:aws:s3:::b/k']],
  ])('maps %s bucket=%s key=%s ?%s to %s', (method, bucket, key, query, name, expected) => {
    const c = call(method, bucket, key, query);
    expect(describeS3Operation(c).name).toBe(name);
    expect(checks(c)).toEqual(expected);
  });

  it('needs GetObject on the source and PutObject on the target for a copy', () => {
    const c = call('PUT', 'dst', 'new', '', { 'x-amz-copy-source': '/src/old%20key?versionId=1' });
    expect(describeS3Operation(c).name).toBe('CopyObject');
    expect(checks(c)).toEqual(['s3:PutObject arn:aws:s3:::dst/new', 's3:GetObject arn:aws:s3:::src/old key']);
    const part = call('PUT', 'dst', 'new', 'partNumber=2&uploadId=u', { 'x-amz-copy-source': 'src/a/b' });
    expect(describeS3Operation(part).name).toBe('UploadPartCopy');
    expect(checks(part)).toContain('s3:GetObject arn:aws:s3:::src/a/b');
  });

  it('needs s3:PutObjectRetention and s3:PutObjectLegalHold for a PutObject with object-lock headers', () => {
    const c = call('PUT', 'b', 'k', '', { 'x-amz-object-lock-mode': 'GOVERNANCE', 'x-amz-object-lock-legal-hold': 'ON' });
    expect(checks(c)).toEqual(['s3:PutObject arn:aws:s3:::b/k', 's3:PutObjectRetention arn:aws:s3:::b/k', 's3:PutObjectLegalHold arn:aws:s3:::b/k']);
  });

  it.each([
    ['an unknown sub-resource', call('GET', 'b', undefined, 'policy')],
    ['bucket versioning', call('PUT', 'b', undefined, 'versioning')],
    ['object ACLs', call('GET', 'b', 'k', 'acl')],
    ['a POST-policy upload', call('POST', 'b')],
    ['two sub-resources at once', call('GET', 'b', 'k', 'tagging&uploadId=1')],
    ['a method S3 has no operation for', call('PATCH', 'b', 'k')],
  ])('refuses %s as NotImplemented (fail closed)', (_, c) => {
    expect(() => describeS3Operation(c)).toThrow(expect.objectContaining({ code: 'NotImplemented' }));
  });

  it('answers other methods on the service with MethodNotAllowed', () => {
    expect(() => describeS3Operation(call('DELETE'))).toThrow(expect.objectContaining({ code: 'MethodNotAllowed' }));
  });
});

describe(parseCopySource.name, () => {
  it.each(['', '/', 'bucket', '/bucket/', '%E0%A4%A'])('refuses %j with InvalidArgument', (value) => {
    expect(() => parseCopySource(value)).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
  });
});
