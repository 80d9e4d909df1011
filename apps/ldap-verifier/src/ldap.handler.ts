import { Controller, Logger } from '@nestjs/common';
import { StsError, Subjects, VerifyLdapRequest, type IssuedCredentials } from '#contracts';
import { AssumeRoleWithLdap, LOGIN_THROTTLED, LoginRefused } from '#domain';
import { DirectRequest } from '#infra-nats';

@Controller()
export class LdapHandler {
  private readonly logger = new Logger(LdapHandler.name);

  constructor(private readonly assumeRole: AssumeRoleWithLdap) {}

  @DirectRequest(Subjects.VerifyLdap, VerifyLdapRequest)
  async verify(request: VerifyLdapRequest): Promise<IssuedCredentials> {
    try {
      const credentials = await this.assumeRole.execute(request);
      this.logger.debug(`LDAP request ${request.requestId} issued ${credentials.accessKeyId}`);
      return credentials;
    } catch (error) {
      if (error instanceof StsError) this.logRefusal(request.requestId, error);
      throw error;
    }
  }

  /** Never the username (it may be a password typed in the wrong field), never the password. */
  private logRefusal(requestId: string, error: StsError): void {
    const cause = error.cause;
    if (error.message === LOGIN_THROTTLED) {
      this.logger.warn(`LDAP request ${requestId} throttled: too many failed logins for its username or client`);
    } else if (cause instanceof LoginRefused && cause.reason === 'ambiguous-user') {
      this.logger.warn(`LDAP request ${requestId} refused: ${cause.message}`);
    } else {
      this.logger.debug(`LDAP request ${requestId} refused: ${error.code}${cause instanceof LoginRefused ? ` (${cause.reason})` : ''}`);
    }
  }
}
