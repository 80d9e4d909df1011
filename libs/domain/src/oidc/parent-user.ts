import { createHash } from 'node:crypto';

/**
 * The parent user of an OpenID credential: base64url(SHA-256("openid:" + sub + ":" + iss)), no
 * padding (MinIO §1.2 step 9), so one subject of two issuers never shares a parent.
 */
export function openIdParentUser(sub: string, iss: string | undefined): string {
  return createHash('sha256').update(`openid:${sub}:${iss ?? ''}`).digest('base64url');
}
