import { createHash } from 'node:crypto';

/**
 * MinIO's role ARN of a role-policy provider: `arn:minio:iam:<region>::role/<id>`, where id is
 * base64url(SHA-1(client id)) without padding, so it is stable across restarts (§3.1).
 */
export function roleArnFor(clientId: string, region: string | undefined): string {
  const resourceId = createHash('sha1').update(clientId).digest('base64url');
  return `arn:minio:iam:${region ?? ''}::role/${resourceId}`;
}

/** The role every claim-based request runs as when no RoleArn is sent (MinIO's internal dummy). */
export const DUMMY_ROLE_ARN = 'arn:minio:iam:::role/dummy-internal';

const ROLE_RESOURCE = /^role\/[A-Za-z0-9_/.-]+$/;

/** MinIO `internal/arn`: six `:`-separated parts, `arn:minio:iam`, no account, `role/<id>`. */
export function isWellFormedRoleArn(arn: string): boolean {
  const parts = arn.split(':');
  if (parts.length !== 6) return false;
  const [prefix, partition, service, , account, resource] = parts;
  return prefix === 'arn' && partition === 'minio' && service === 'iam' && account === '' && ROLE_RESOURCE.test(resource);
}
