import { S3Error } from './s3-error.js';

/** One permission an S3 call needs: an IAM action on a resource ARN. */
export interface AccessCheck {
  readonly action: string;
  readonly resource: string;
}

/** What the gateway knows of an S3 call before authorizing it. */
export interface S3Call {
  readonly method: string;
  /** Undefined for the service (`GET /`). */
  readonly bucket?: string;
  /** Undefined or '' for bucket-level calls. */
  readonly key?: string;
  readonly query: URLSearchParams;
  /** A request header by lower-case name (first value). */
  header(name: string): string | undefined;
}

export interface S3Operation {
  /** The S3 API name (audit, tests). */
  readonly name: string;
  /** Every check must allow; empty only for ListBuckets, which filters instead. */
  readonly checks: readonly AccessCheck[];
}

const bucketArn = (bucket: string) => `arn:aws:s3:::${bucket}`;
const objectArn = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`;
const notImplemented = (what: string) => new S3Error('NotImplemented', `${what} is not implemented by this gateway.`);

/**
 * Sub-resources that select a bucket operation, as MinIO routes them (cmd/api-router.go). Any other
 * sub-resource query key is unknown to us, and the call is refused: the gateway fails closed.
 */
const BUCKET_OPS: Record<string, Partial<Record<string, [string, string]>>> = {
  '': { GET: ['ListObjects', 's3:ListBucket'], HEAD: ['HeadBucket', 's3:ListBucket'], PUT: ['CreateBucket', 's3:CreateBucket'], DELETE: ['DeleteBucket', 's3:DeleteBucket'] },
  'list-type': { GET: ['ListObjectsV2', 's3:ListBucket'] },
  location: { GET: ['GetBucketLocation', 's3:GetBucketLocation'] },
  uploads: { GET: ['ListMultipartUploads', 's3:ListBucketMultipartUploads'] },
  tagging: { GET: ['GetBucketTagging', 's3:GetBucketTagging'], PUT: ['PutBucketTagging', 's3:PutBucketTagging'], DELETE: ['DeleteBucketTagging', 's3:PutBucketTagging'] },
  versions: { GET: ['ListObjectVersions', 's3:ListBucketVersions'] },
  delete: { POST: ['DeleteObjects', 's3:DeleteObject'] },
};

const OBJECT_OPS: Record<string, Partial<Record<string, [string, string]>>> = {
  '': { GET: ['GetObject', 's3:GetObject'], HEAD: ['HeadObject', 's3:GetObject'], PUT: ['PutObject', 's3:PutObject'], DELETE: ['DeleteObject', 's3:DeleteObject'] },
  uploads: { POST: ['CreateMultipartUpload', 's3:PutObject'] },
  uploadId: {
    PUT: ['UploadPart', 's3:PutObject'], POST: ['CompleteMultipartUpload', 's3:PutObject'],
    DELETE: ['AbortMultipartUpload', 's3:AbortMultipartUpload'], GET: ['ListParts', 's3:ListMultipartUploadParts'],
  },
  tagging: { GET: ['GetObjectTagging', 's3:GetObjectTagging'], PUT: ['PutObjectTagging', 's3:PutObjectTagging'], DELETE: ['DeleteObjectTagging', 's3:DeleteObjectTagging'] },
};

/**
 * Query keys that are parameters, not sub-resources: they never select an operation. The SDKs add
 * `x-id`; presigned URLs carry `X-Amz-*`; the rest are S3 request parameters.
 */
const PARAMETERS = new Set([
  'x-id', 'prefix', 'delimiter', 'marker', 'max-keys', 'encoding-type', 'continuation-token', 'fetch-owner', 'start-after',
  'key-marker', 'upload-id-marker', 'max-uploads', 'part-number-marker', 'max-parts', 'partNumber', 'versionId', 'version-id-marker',
  'response-content-type', 'response-content-language', 'response-expires', 'response-cache-control', 'response-content-disposition',
  'response-content-encoding',
]);

/** `x-amz-*` in any case; the two spellings SDKs send are checked without a regular expression. */
const isAmzParameter = (key: string): boolean => key.startsWith('X-Amz-') || key.startsWith('x-amz-') || /^x-amz-/i.test(key);

function subresource(query: URLSearchParams, table: Record<string, unknown>): string {
  // Most calls (a presigned GetObject among them) name none: no set is made for them.
  let found: Set<string> | undefined;
  for (const key of query.keys()) {
    if (isAmzParameter(key) || PARAMETERS.has(key)) continue;
    if (!Object.hasOwn(table, key)) throw notImplemented(`The sub-resource "${key}"`);
    (found ??= new Set()).add(key);
  }
  if (found === undefined) return '';
  if (found.size > 1) throw notImplemented(`Combining the sub-resources ${[...found].join(', ')}`);
  return [...found][0];
}

/** `x-amz-copy-source: /bucket/key` or `bucket/key`, URL-encoded, optionally `?versionId=`. */
export function parseCopySource(value: string): { bucket: string; key: string } {
  let decoded: string;
  try {
    decoded = decodeURIComponent(value.split('?')[0]);
  } catch {
    throw new S3Error('InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey.');
  }
  const path = decoded.startsWith('/') ? decoded.slice(1) : decoded;
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) {
    throw new S3Error('InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey.');
  }
  return { bucket: path.slice(0, slash), key: path.slice(slash + 1) };
}

/**
 * S3 call → the IAM actions and resources MinIO checks (reference/s3-gateway.md). A copy needs
 * GetObject on its source as well; DeleteObjects is checked per key by the caller (the keys are in
 * the body), so its one check here is on the bucket's objects as a class and is not used to decide.
 */
export function describeS3Operation(call: S3Call): S3Operation {
  const method = call.method.toUpperCase();
  if (call.bucket === undefined) {
    if (method === 'GET' && subresource(call.query, { '': 1 }) === '') return { name: 'ListBuckets', checks: [] };
    throw new S3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.');
  }
  const { bucket } = call;
  const onObject = call.key !== undefined && call.key !== '';
  const table = onObject ? OBJECT_OPS : BUCKET_OPS;
  const sub = subresource(call.query, table);
  const entry = table[sub][method];
  if (!entry) throw notImplemented(`${method} on ${onObject ? 'an object' : 'a bucket'}${sub ? ` with ?${sub}` : ''}`);
  const [name, action] = entry;
  if (!onObject) return { name, checks: [{ action, resource: bucketArn(bucket) }] };
  const target = objectArn(bucket, call.key!);
  const copySource = call.header('x-amz-copy-source');
  if (copySource !== undefined && (name === 'PutObject' || name === 'UploadPart')) {
    const source = parseCopySource(copySource);
    return {
      name: name === 'PutObject' ? 'CopyObject' : 'UploadPartCopy',
      checks: [{ action: 's3:PutObject', resource: target }, { action: 's3:GetObject', resource: objectArn(source.bucket, source.key) }],
    };
  }
  return { name, checks: [{ action, resource: target }, ...lockChecks(name, call, target)] };
}

/** MinIO: a PutObject that sets retention or a legal hold needs those permissions as well. */
function lockChecks(name: string, call: S3Call, target: string): AccessCheck[] {
  if (name !== 'PutObject' && name !== 'CreateMultipartUpload') return [];
  const checks: AccessCheck[] = [];
  if (call.header('x-amz-object-lock-mode') !== undefined || call.header('x-amz-object-lock-retain-until-date') !== undefined) {
    checks.push({ action: 's3:PutObjectRetention', resource: target });
  }
  if (call.header('x-amz-object-lock-legal-hold') !== undefined) checks.push({ action: 's3:PutObjectLegalHold', resource: target });
  return checks;
}

export const objectResource = objectArn;
export const bucketResource = bucketArn;
