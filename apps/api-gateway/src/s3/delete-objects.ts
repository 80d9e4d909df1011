import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { XMLParser } from 'fast-xml-parser';
import { objectResource, S3Error, s3Allows, type RequestContextValue, type S3Principal } from '#domain';
import type { BackendRequest, S3Backend } from '#infra-s3';
import type { BackendBody } from './request-body.js';
import { backendQuery, forwardedHeaders, readAll } from './s3-proxy.js';
import type { S3Target } from './s3-routing.js';
import { escapeXml } from './s3-xml.js';

/** S3 takes at most 1000 keys per DeleteObjects; 1000 keys of 1 KiB plus markup fit in 2 MiB. */
const MAX_KEYS = 1000;
const MAX_BODY_BYTES = 2 * 1024 * 1024;
const MAX_RESULT_BYTES = 16 * 1024 * 1024;
const parser = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'Object', processEntities: true, htmlEntities: false });
/** Body checksums describe the client's body; the backend gets a new one with the allowed keys only. */
const BODY_DIGESTS = new Set(['content-md5', 'x-amz-checksum-crc32', 'x-amz-checksum-crc32c', 'x-amz-checksum-sha1', 'x-amz-checksum-sha256', 'x-amz-checksum-crc64nvme', 'x-amz-sdk-checksum-algorithm', 'content-type']);

interface DeleteEntry {
  key: string;
  versionId?: string;
}

function parseDelete(body: Buffer): { quiet: boolean; objects: DeleteEntry[] } {
  let parsed: { Delete?: { Quiet?: unknown; Object?: Array<{ Key?: unknown; VersionId?: unknown }> } };
  try {
    parsed = parser.parse(body.toString('utf8'), true) as typeof parsed;
  } catch {
    throw new S3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema.');
  }
  const objects = parsed.Delete?.Object ?? [];
  if (!parsed.Delete || objects.length === 0 || objects.length > MAX_KEYS) {
    throw new S3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema.');
  }
  return {
    quiet: String(parsed.Delete.Quiet ?? 'false').trim().toLowerCase() === 'true',
    objects: objects.map((o) => {
      if (typeof o.Key !== 'string' || o.Key === '') throw new S3Error('MalformedXML', 'Every Object of a Delete request needs a Key.');
      return typeof o.VersionId === 'string' ? { key: o.Key, versionId: o.VersionId } : { key: o.Key };
    }),
  };
}

const deleteXml = (quiet: boolean, objects: DeleteEntry[]) =>
  // Quiet only when set, as the SDKs send it (s3rver fails on an explicit `false`).
  `<?xml version="1.0" encoding="UTF-8"?>\n<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${quiet ? '<Quiet>true</Quiet>' : ''}` +
  objects.map((o) => `<Object><Key>${escapeXml(o.key)}</Key>${o.versionId ? `<VersionId>${escapeXml(o.versionId)}</VersionId>` : ''}</Object>`).join('') +
  '</Delete>';

const deniedXml = (denied: DeleteEntry[]) =>
  denied.map((o) => `<Error><Key>${escapeXml(o.key)}</Key><Code>AccessDenied</Code><Message>Access Denied.</Message></Error>`).join('');

/**
 * DeleteObjects decides per key (MinIO DeleteMultipleObjectsHandler): keys the caller may not
 * delete are answered AccessDenied in the result, the others go to the backend in a new body.
 */
export async function answerDeleteObjects(
  request: IncomingMessage, response: ServerResponse, target: S3Target, body: BackendBody, backend: S3Backend,
  principal: S3Principal, context: Record<string, RequestContextValue>,
): Promise<void> {
  if (!body.stream) throw new S3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema.');
  const raw = await readAll(body.stream, MAX_BODY_BYTES).catch((error: unknown) => {
    throw error instanceof S3Error ? error : new S3Error('MalformedXML', 'The Delete request body is too large.');
  });
  const { quiet, objects } = parseDelete(raw);
  const bucket = target.bucket!;
  const allowed = objects.filter((o) => s3Allows(principal, { action: 's3:DeleteObject', resource: objectResource(bucket, o.key) }, context));
  const denied = objects.filter((o) => !allowed.includes(o));
  let result = '<?xml version="1.0" encoding="UTF-8"?>\n<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></DeleteResult>';
  if (allowed.length > 0) {
    const forwarded = Buffer.from(deleteXml(quiet, allowed));
    const headers = forwardedHeaders(request, new Set([...BODY_DIGESTS, ...body.dropHeaders]));
    headers.push(['content-type', 'application/xml'], ['content-length', String(forwarded.length)], ['content-md5', createHash('md5').update(forwarded).digest('base64')]);
    const call: BackendRequest = {
      method: 'POST', path: target.backendPath, query: backendQuery(target.rawQuery), headers,
      payloadHash: createHash('sha256').update(forwarded).digest('hex'), body: forwarded,
    };
    const upstream = await backend.send(call);
    const answer = (await readAll(upstream.body, MAX_RESULT_BYTES)).toString('utf8');
    if (upstream.statusCode !== 200) {
      response.writeHead(upstream.statusCode, { 'content-type': upstream.headers['content-type'] ?? 'application/xml' });
      response.end(answer);
      return;
    }
    result = answer;
  }
  const merged = result.includes('</DeleteResult>')
    ? result.replace('</DeleteResult>', `${deniedXml(denied)}</DeleteResult>`)
    : result.replace(/<DeleteResult([^>]*)\/>/, `<DeleteResult$1>${deniedXml(denied)}</DeleteResult>`);
  response.writeHead(200, { 'content-type': 'application/xml', 'content-length': String(Buffer.byteLength(merged)) });
  response.end(merged);
}
