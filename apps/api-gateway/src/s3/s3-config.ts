import { ConfigError, optionalString, rootCredentials, type Env } from '#nest-common';

/**
 * The S3 backend this gateway fronts (`minio gateway s3` used the root keys for it, hence the
 * default). Without STS_S3_BACKEND_URL the S3 API answers ServiceUnavailable; `npm start` sets it
 * to the embedded backend.
 */
export function s3Settings(env: Env) {
  const url = optionalString(env, 'STS_S3_BACKEND_URL');
  if (url !== undefined && !/^https?:\/\/[^\s/]+/.test(url)) throw new ConfigError('STS_S3_BACKEND_URL', `"${url}" is not an http(s) URL`);
  const accessKey = optionalString(env, 'STS_S3_BACKEND_ACCESS_KEY');
  const secretKey = optionalString(env, 'STS_S3_BACKEND_SECRET_KEY');
  if ((accessKey === undefined) !== (secretKey === undefined)) {
    throw new ConfigError(accessKey === undefined ? 'STS_S3_BACKEND_ACCESS_KEY' : 'STS_S3_BACKEND_SECRET_KEY', 'set both backend keys or neither');
  }
  const root = rootCredentials(env, 'MINIO_ROOT_USER', 'MINIO_ROOT_PASSWORD');
  const region = optionalString(env, 'STS_S3_BACKEND_REGION') ?? 'us-east-1';
  return {
    backend: url === undefined ? undefined : {
      url,
      accessKey: accessKey ?? root.accessKey,
      secretKey: secretKey ?? root.secretKey,
      region,
    },
    /** MINIO_DOMAIN: virtual-host-style buckets (`bucket.<domain>`); comma-separated, as MinIO. */
    domains: (optionalString(env, 'MINIO_DOMAIN') ?? '').split(',').map((d) => d.trim().toLowerCase()).filter(Boolean),
  };
}
export type S3Settings = ReturnType<typeof s3Settings>;
