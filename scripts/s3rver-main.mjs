// The embedded S3 backend (`npm start` without STS_S3_BACKEND_URL, and the e2e stacks): s3rver on
// loopback, its one account keyed with the backend keys the gateways re-sign with.
// Env: S3_BACKEND_PORT, S3_BACKEND_DIR, S3_BACKEND_ACCESS_KEY, S3_BACKEND_SECRET_KEY.
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';

const require = createRequire(import.meta.url);
const S3rver = require('s3rver');
const AWSAccount = require('s3rver/lib/models/account');

const { S3_BACKEND_PORT, S3_BACKEND_DIR, S3_BACKEND_ACCESS_KEY, S3_BACKEND_SECRET_KEY } = process.env;
if (!S3_BACKEND_PORT || !S3_BACKEND_DIR || !S3_BACKEND_ACCESS_KEY || !S3_BACKEND_SECRET_KEY) {
  console.error('s3rver-main: S3_BACKEND_PORT, S3_BACKEND_DIR, S3_BACKEND_ACCESS_KEY and S3_BACKEND_SECRET_KEY are required');
  process.exit(2);
}
// Only the configured keys open the backend: s3rver's built-in S3RVER/S3RVER pair is removed.
AWSAccount.DUMMY_ACCOUNT.revokeAccessKey('S3RVER');
AWSAccount.DUMMY_ACCOUNT.createKeyPair(S3_BACKEND_ACCESS_KEY, S3_BACKEND_SECRET_KEY);
mkdirSync(S3_BACKEND_DIR, { recursive: true, mode: 0o700 });
const server = new S3rver({ port: Number(S3_BACKEND_PORT), address: '127.0.0.1', directory: S3_BACKEND_DIR, silent: true });
const address = await server.run();
console.log(`s3rver ready on http://127.0.0.1:${address.port}`);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
