import type { ServerResponse } from 'node:http';
import type { BackendResponse } from '#infra-s3';
import { bucketResource, S3Error, s3Allows, type RequestContextValue, type S3Principal } from '#domain';
import { readAll, relay } from './s3-proxy.js';

const MAX_LISTING_BYTES = 16 * 1024 * 1024;
const BUCKET = /<Bucket>([\s\S]*?)<\/Bucket>/g;
const NAME = /<Name>([^<]*)<\/Name>/;

/**
 * ListBuckets as MinIO answers it (cmd/bucket-handlers.go ListBucketsHandler): with
 * `s3:ListAllMyBuckets` the backend's list; otherwise only buckets the caller may list (or whose
 * location it may read), evaluated with `s3:prefix=""` and `s3:delimiter="/"`, and AccessDenied when
 * none is left.
 */
export async function answerListBuckets(
  upstream: BackendResponse, response: ServerResponse, principal: S3Principal, context: Record<string, RequestContextValue>,
): Promise<void> {
  if (s3Allows(principal, { action: 's3:ListAllMyBuckets', resource: 'arn:aws:s3:::*' }, context)) return relay(upstream, response);
  if (upstream.statusCode !== 200) return relay(upstream, response);
  const xml = (await readAll(upstream.body, MAX_LISTING_BYTES)).toString('utf8');
  const listing = { ...context, 's3:prefix': '', 's3:delimiter': '/' };
  let kept = 0;
  const filtered = xml.replace(BUCKET, (block: string, inner: string) => {
    const name = NAME.exec(inner)?.[1] ?? '';
    const resource = bucketResource(name);
    const visible = s3Allows(principal, { action: 's3:ListBucket', resource }, listing) || s3Allows(principal, { action: 's3:GetBucketLocation', resource }, listing);
    if (visible) kept++;
    return visible ? block : '';
  });
  if (kept === 0) throw new S3Error('AccessDenied', 'Access Denied.');
  response.writeHead(200, { 'content-type': 'application/xml', 'content-length': String(Buffer.byteLength(filtered)) });
  response.end(filtered);
}
