import { hash } from 'node:crypto';

/**
 * The parent user of an OpenID credential: base64url(SHA-256("openid:" + sub + ":" + iss)), no
 * padding (MinIO §1.2 step 9), so one subject of two issuers never shares a parent. A one-shot
 * hash: half the cost of a Hash object per request.
 */
export function openIdParentUser(sub: string, iss: string | undefined): string {
  return hash('sha256', `openid:${sub}:${iss ?? ''}`, 'base64url');
}
