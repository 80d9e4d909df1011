// The embedded S3 backend as a foreground child process on loopback (scripts/s3rver-main.mjs).
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { spawnProcess, whenReady } from './processes.mjs';

const ENTRY = fileURLToPath(new URL('../s3rver-main.mjs', import.meta.url));
const READY_MS = 15_000;
// s3rver 3.7.1 encrypts V2 continuation tokens with DES, which OpenSSL 3 keeps in its legacy provider.

/** Starts s3rver on 127.0.0.1:`port`, data under `dir`, opened only by `accessKey`/`secretKey`. */
export async function startS3Backend({ port, dir, accessKey, secretKey, logFile }) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    S3_BACKEND_PORT: String(port), S3_BACKEND_DIR: dir, S3_BACKEND_ACCESS_KEY: accessKey, S3_BACKEND_SECRET_KEY: secretKey,
  };
  const proc = spawnProcess({ name: `s3rver :${port}`, command: process.execPath, args: ['--openssl-legacy-provider', ENTRY], env, logFile, readyPattern: /s3rver ready/ });
  await whenReady(proc, { ready: proc.matched, timeoutMs: READY_MS });
  const url = `http://127.0.0.1:${port}`;
  return { url, pid: proc.pid, logFile: proc.logFile, exited: proc.exited, tail: proc.tail, stop: () => proc.stop() };
}
