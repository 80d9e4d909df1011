import type { ServerHandle } from './servers.mjs';

/** Starts the embedded S3 backend (s3rver) on 127.0.0.1:`port`, data under `dir`, opened only by the given keys. */
export function startS3Backend(options: { port: number; dir: string; accessKey: string; secretKey: string; logFile?: string }): Promise<ServerHandle>;
