import { Inject, Injectable, Optional } from '@nestjs/common';
import { StsError, type AccountAccess } from '#contracts';
import { bucketResource, identityContextOf, objectResource, parsePolicy, s3Allows, type S3Principal } from '#domain';
import type { S3Backend } from '#infra-s3';
import { S3_BACKEND } from './s3-gateway.js';
import { readAll } from './s3-proxy.js';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const MAX_LISTING_BYTES = 16 * 1024 * 1024;
const BUCKET = /<Bucket>([\s\S]*?)<\/Bucket>/g;
const NAME = /<Name>([^<]*)<\/Name>/;
const CREATED = /<CreationDate>([^<]*)<\/CreationDate>/;

export interface BucketAccess {
  name: string;
  created: string;
  read: boolean;
  write: boolean;
}

/**
 * The buckets of the S3 backend an account may use, for madmin AccountInfo (MinIO
 * AccountInfoHandler): read = s3:ListBucket or s3:GetBucketLocation, write = s3:PutObject; a bucket
 * with neither is left out. No backend configured: no buckets.
 */
@Injectable()
export class AccountBuckets {
  constructor(@Optional() @Inject(S3_BACKEND) private readonly backend?: S3Backend) {}

  async of(access: AccountAccess): Promise<BucketAccess[]> {
    if (!this.backend) return [];
    const principal = principalOf(access);
    const context = identityContextOf({ parent: access.accountName, provider: access.provider, claims: access.claims });
    const allows = (action: string, resource: string) => s3Allows(principal, { action, resource }, context);
    return (await this.listing()).flatMap(({ name, created }) => {
      const read = allows('s3:ListBucket', bucketResource(name)) || allows('s3:GetBucketLocation', bucketResource(name));
      const write = allows('s3:PutObject', objectResource(name, ''));
      return read || write ? [{ name, created, read, write }] : [];
    });
  }

  /** The backend's ListBuckets, with its own keys (it sees every bucket). */
  private async listing(): Promise<Array<{ name: string; created: string }>> {
    const unavailable = () => new StsError('ServiceUnavailable', 'The object storage backend is not reachable; please retry.');
    const upstream = await this.backend!.send({ method: 'GET', path: '/', query: '', headers: [], payloadHash: EMPTY_SHA256 }).catch(() => {
      throw unavailable();
    });
    const xml = (await readAll(upstream.body, MAX_LISTING_BYTES)).toString('utf8');
    if (upstream.statusCode !== 200) throw unavailable();
    return [...xml.matchAll(BUCKET)].map(([, inner]) => ({ name: NAME.exec(inner)?.[1] ?? '', created: CREATED.exec(inner)?.[1] ?? '' }));
  }
}

function principalOf(access: AccountAccess): S3Principal {
  return {
    accessKey: access.accountName,
    parent: access.accountName,
    provider: access.provider,
    owner: access.owner,
    identityPolicies: access.identityPolicies.map((p) => parsePolicy(p)),
    ...(access.sessionPolicy ? { sessionPolicy: parsePolicy(access.sessionPolicy) } : {}),
    identityContext: {},
  };
}
