import type { ServerResponse } from 'node:http';
import { S3Error } from '#domain';

const escapeXml = (text: string): string =>
  text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/** S3's error document: `<Error><Code/><Message/><Resource/><RequestId/></Error>`. */
export function s3ErrorXml(error: S3Error, resource: string, requestId: string): string {
  return '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message>` +
    `<Resource>${escapeXml(resource)}</Resource><RequestId>${requestId}</RequestId></Error>`;
}

/** Answers with the error unless a response is already under way (then the connection is cut). */
export function sendS3Error(res: ServerResponse, error: S3Error, resource: string, requestId: string, method: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = s3ErrorXml(error, resource, requestId);
  res.writeHead(error.status, {
    'content-type': 'application/xml',
    'x-amz-request-id': requestId,
    'content-length': method === 'HEAD' ? '0' : String(Buffer.byteLength(body)),
  });
  res.end(method === 'HEAD' ? undefined : body);
}

export { escapeXml };
