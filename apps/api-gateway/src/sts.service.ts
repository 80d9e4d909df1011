import { Inject, Injectable } from '@nestjs/common';
import { StsError, Subjects } from '#contracts';
import { authenticateTemporaryCredential, describeCaller, normalizeSessionPolicy, parseDurationSeconds, systemClock } from '#domain';
import { StsClient } from '#infra-nats';
import { GATEWAY_CONFIG, type GatewayConfig } from './config.js';
import { recordIssued } from './audit-trail.js';
import { roleSessionName, tokenRevokeType } from './sts-parameters.js';
import { assumeRoleWithLdapIdentity } from './ldap-identity.js';
import { LiveCredentialCache } from './live-credential-cache.js';
import { STS_API_VERSION, type StsHttpRequest } from './sts-http-request.js';
import { assumeRoleXml, callerIdentityXml } from './sts-xml.js';
import { assumeRoleWithToken } from './token-actions.js';

const SIGV4 = /^AWS4-HMAC-SHA256(\s|$)/;

/** Dispatches an STS call by `Action` after the checks that need no secret, and renders the reply. */
@Injectable()
export class StsService {
  constructor(
    private readonly client: StsClient,
    private readonly credentials: LiveCredentialCache,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async handle(request: StsHttpRequest): Promise<string> {
    const version = request.params.get('Version') ?? '';
    if (version !== STS_API_VERSION) {
      throw new StsError('MissingParameter', `Invalid STS API version ${version}, expecting ${STS_API_VERSION}`);
    }
    const action = request.params.get('Action') ?? '';
    switch (action) {
      case 'AssumeRole':
        return this.assumeRole(request);
      case 'GetCallerIdentity':
        return this.getCallerIdentity(request);
      case 'AssumeRoleWithWebIdentity':
      case 'AssumeRoleWithClientGrants':
        return assumeRoleWithToken(this.client, action, request);
      case 'AssumeRoleWithLDAPIdentity':
        return assumeRoleWithLdapIdentity(this.client, request);
      default:
        throw new StsError('InvalidParameterValue', `Unsupported action ${action}`);
    }
  }

  private async assumeRole(request: StsHttpRequest): Promise<string> {
    this.requireSigV4(request);
    const credentials = await this.client.request(Subjects.VerifyAssumeRole, {
      requestId: request.requestId,
      signed: request.signed,
      sessionPolicy: normalizeSessionPolicy(request.params.get('Policy')),
      durationSeconds: parseDurationSeconds(request.params.get('DurationSeconds')),
      roleSessionName: roleSessionName(request.params),
      tokenRevokeType: tokenRevokeType(request.params),
    });
    recordIssued(request, credentials);
    return assumeRoleXml(credentials, request.requestId);
  }

  private async getCallerIdentity(request: StsHttpRequest): Promise<string> {
    this.requireSigV4(request);
    const credential = await authenticateTemporaryCredential(request.signed, this.credentials, systemClock, this.config.region);
    return callerIdentityXml(describeCaller(credential), request.requestId);
  }

  private requireSigV4(request: StsHttpRequest): void {
    if (!request.authorization) throw new StsError('AccessDenied', 'Request is missing Authentication Token');
    if (!SIGV4.test(request.authorization)) throw new StsError('AccessDenied', 'Unsupported Authorization Type, only AWS Signature Version 4 is accepted');
  }
}
