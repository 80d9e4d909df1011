// The embedded S3 backend (`npm start` without STS_S3_BACKEND_URL, and the e2e stacks): s3rver on
// loopback, its one account keyed with the backend keys the gateways re-sign with.
// Env: S3_BACKEND_PORT, S3_BACKEND_DIR, S3_BACKEND_ACCESS_KEY, S3_BACKEND_SECRET_KEY.
import { createRequire } from 'node:module';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const require = createRequire(import.meta.url);
const S3rver = require('s3rver');
const AWSAccount = require('s3rver/lib/models/account');
const FilesystemStore = require('s3rver/lib/stores/filesystem');

const { S3_BACKEND_PORT, S3_BACKEND_DIR, S3_BACKEND_ACCESS_KEY, S3_BACKEND_SECRET_KEY } = process.env;
if (!S3_BACKEND_PORT || !S3_BACKEND_DIR || !S3_BACKEND_ACCESS_KEY || !S3_BACKEND_SECRET_KEY) {
  console.error('s3rver-main: S3_BACKEND_PORT, S3_BACKEND_DIR, S3_BACKEND_ACCESS_KEY and S3_BACKEND_SECRET_KEY are required');
  process.exit(2);
}
// Only the configured keys open the backend: s3rver's built-in S3RVER/S3RVER pair is removed.
AWSAccount.DUMMY_ACCOUNT.revokeAccessKey('S3RVER');
AWSAccount.DUMMY_ACCOUNT.createKeyPair(S3_BACKEND_ACCESS_KEY, S3_BACKEND_SECRET_KEY);
mkdirSync(S3_BACKEND_DIR, { recursive: true, mode: 0o700 });
makeUploadsAtomic(FilesystemStore.prototype);
serializeDeletes(FilesystemStore.prototype);
const server = new S3rver({ port: Number(S3_BACKEND_PORT), address: '127.0.0.1', directory: S3_BACKEND_DIR, silent: true });
const address = await server.run();
console.log(`s3rver ready on http://127.0.0.1:${address.port}`);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));

/**
 * s3rver writes an upload straight into the object's file, so a request cut short (the gateway
 * aborts an upload whose payload failed verification) would leave a truncated object. S3 stores
 * an object or a part only once its whole body arrived: here too, through a temp file renamed on
 * success.
 */
function makeUploadsAtomic(store) {
  const atomicWrite = async (target, content) => {
    await mkdir(dirname(target), { recursive: true });
    const temp = `${target}.upload-${randomBytes(8).toString('hex')}`;
    const md5 = createHash('md5');
    let size = 0;
    const measure = new Transform({
      transform(chunk, _encoding, callback) {
        md5.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    try {
      if (Buffer.isBuffer(content)) await pipeline(Readable.from([content]), measure, createWriteStream(temp));
      else await pipeline(content, measure, createWriteStream(temp));
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return { size, md5: md5.digest('hex') };
  };
  store.putObject = async function putObject(object) {
    const result = await atomicWrite(this.getResourcePath(object.bucket, object.key, 'object'), object.content);
    await this.putMetadata(object.bucket, object.key, object.metadata, result.md5);
    return result;
  };
  store.putPart = async function putPart(bucket, uploadId, partNumber, content) {
    const partPath = join(this.getResourcePath(bucket, undefined, 'uploads'), uploadId, partNumber.toString());
    const result = await atomicWrite(partPath, content);
    await writeFile(`${partPath}.md5`, result.md5);
    return result;
  };
}

/**
 * s3rver deletes the keys of one DeleteObjects in parallel, and each removes the directories it
 * emptied: two keys under one prefix then race (ENOENT, a 500). One delete at a time.
 */
function serializeDeletes(store) {
  const deleteObject = store.deleteObject;
  let queue = Promise.resolve();
  store.deleteObject = function serialized(...args) {
    const run = queue.then(() => deleteObject.apply(this, args));
    queue = run.catch(() => {});
    return run;
  };
}
