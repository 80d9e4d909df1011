import { Injectable } from '@nestjs/common';
import type { AccessGrant, LiveCredential, LongTermKey } from '#contracts';
import { identityContextOf, parsePolicy, type PolicyDocument, type S3Principal, type S3Signer, type S3SignerDirectory, tokenMatchesRecord } from '#domain';
import { LiveCredentialCache } from '../live-credential-cache.js';
import { LongTermKeyCache } from './long-term-key-cache.js';

/**
 * The gateway's signer directory for S3: both caches, each cached answer turned into a principal
 * once (policies parsed once, claims read once from the issuer-signed session token).
 */
@Injectable()
export class S3Signers implements S3SignerDirectory {
  private readonly principals = new WeakMap<object, S3Signer>();

  constructor(private readonly temporaryKeys: LiveCredentialCache, private readonly longTermKeys: LongTermKeyCache) {}

  async temporary(accessKey: string, sessionToken: string): Promise<S3Signer | null> {
    const credential = await this.temporaryKeys.find(accessKey, sessionToken);
    if (!credential) return null;
    // Claims come from the token: only the token the credential was issued with may shape the cached
    // principal. Another token gets nothing (authentication answers InvalidTokenId), and costs no parsing.
    // The presented token is hashed and compared with the record's digest (no token is kept in memory).
    if (!tokenMatchesRecord(sessionToken, credential)) return null;
    return this.memo(credential, () => temporarySigner(credential, sessionToken));
  }

  async longTerm(accessKey: string): Promise<S3Signer | 'temporary' | null> {
    const found = await this.longTermKeys.find(accessKey);
    if (found === null || found === 'temporary') return found;
    return this.memo(found, () => longTermSigner(found));
  }

  private memo(source: object, build: () => S3Signer): S3Signer {
    let signer = this.principals.get(source);
    if (!signer) {
      signer = build();
      this.principals.set(source, signer);
    }
    return signer;
  }
}

/** A credential looked up before the issuer sent access (an older issuer) may do nothing. */
const NO_ACCESS: AccessGrant = { owner: false, policies: [] };
const documents = (grant: AccessGrant): PolicyDocument[] => grant.policies.map((text) => parsePolicy(text));

/** The payload of our own session token; the issuer vouched for these bytes on lookup (digest-compared). */
function tokenClaims(sessionToken: string): Record<string, unknown> {
  try {
    const payload: unknown = JSON.parse(Buffer.from(sessionToken.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function temporarySigner(credential: LiveCredential, sessionToken: string): S3Signer {
  const grant = credential.access ?? NO_ACCESS;
  const principal: S3Principal = {
    accessKey: credential.accessKey,
    parent: credential.parent,
    provider: credential.provider,
    owner: grant.owner,
    identityPolicies: documents(grant),
    sessionPolicy: credential.sessionPolicy ? parsePolicy(credential.sessionPolicy) : undefined,
    identityContext: identityContextOf({ parent: credential.parent, provider: credential.provider, claims: tokenClaims(sessionToken), groups: credential.groups }),
  };
  return {
    secretKey: credential.secretKey, principal, expiresAt: credential.expiresAt,
    sessionTokenSha256: credential.sessionTokenSha256, enabled: credential.parentStatus === 'enabled',
  };
}

function longTermSigner(key: LongTermKey): S3Signer {
  const principal: S3Principal = {
    accessKey: key.accessKey,
    parent: key.parent,
    provider: key.provider,
    owner: key.access.owner,
    identityPolicies: documents(key.access),
    sessionPolicy: key.sessionPolicy ? parsePolicy(key.sessionPolicy) : undefined,
    identityContext: identityContextOf({ parent: key.parent, provider: key.provider }),
  };
  return { secretKey: key.secretKey, principal, enabled: key.enabled };
}

