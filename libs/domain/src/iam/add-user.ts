import { StsError, type SignedRequest } from '#contracts';
import type { SecretSealer } from '../credentials/secret-sealer.js';
import type { Clock } from '../ports.js';
import { parseAuthorization, verifySigV4 } from '../sigv4/index.js';
import { userSecretContext, type UserStore } from './users.js';

export interface RootCredentials {
  accessKey: string;
  secretKey: string;
}

/**
 * Admin requests are signed like MinIO's madmin (service `s3`). Only the root user may administer
 * until the IAM policy library decides `admin:*` actions.
 */
export function authenticateRootAdmin(request: SignedRequest, root: RootCredentials, clock: Clock, region: string | undefined): void {
  const authorization = request.headers.find(([n]) => n.toLowerCase() === 'authorization')?.[1];
  if (!authorization) throw new StsError('AccessDenied', 'Admin requests must be signed with AWS Signature Version 4.');
  const { accessKey } = parseAuthorization(authorization);
  if (accessKey !== root.accessKey) throw new StsError('AccessDenied', 'Access Denied.');
  verifySigV4(request, root.secretKey, { now: new Date(clock.now()), service: 's3', region });
}

/** MinIO's limits for builtin users: access key 3…20 characters, secret key 8…40. */
export class AddUser {
  constructor(private readonly users: UserStore, private readonly sealer: SecretSealer, private readonly clock: Clock, private readonly root: RootCredentials) {}

  async execute(accessKey: string, secretKey: string): Promise<void> {
    if (!/^[A-Za-z0-9_.@=+-]{3,20}$/.test(accessKey)) {
      throw new StsError('InvalidParameterValue', 'Access key must be 3 to 20 characters of letters, digits and _.@=+-');
    }
    if (secretKey.length < 8 || secretKey.length > 40) throw new StsError('InvalidParameterValue', 'Secret key must be 8 to 40 characters');
    if (accessKey === this.root.accessKey) throw new StsError('InvalidParameterValue', 'The root user cannot be added as a user');
    await this.users.put({
      version: 1,
      accessKey,
      secretKey: this.sealer.seal(secretKey, userSecretContext(accessKey)),
      status: 'enabled',
      createdAt: this.clock.now(),
    });
  }
}
