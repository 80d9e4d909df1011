import { Injectable, Logger } from '@nestjs/common';
import { Subjects, type IssuedCredentials } from '#contracts';
import { StsClient } from '#infra-nats';

/**
 * A credential the audit trail could not record is not handed out (fail closed), and is not left
 * live in etcd either: the issuer deletes it again, on proof of its session token. If that fails
 * too (the bus went away), it stays stored, never handed out, until it expires: logged.
 */
@Injectable()
export class UnauditedCredentials {
  private readonly logger = new Logger(UnauditedCredentials.name);

  constructor(private readonly client: StsClient) {}

  async discard(issued: IssuedCredentials, requestId: string): Promise<void> {
    try {
      const { discarded } = await this.client.request(Subjects.CredentialsDiscard, { accessKey: issued.accessKeyId, sessionToken: issued.sessionToken });
      this.logger.warn(`request ${requestId}: the audit trail could not record the credential ${issued.accessKeyId}; ${discarded ? 'deleted it again' : 'it was already gone'}`);
    } catch (error) {
      this.logger.error(`request ${requestId}: the audit trail could not record the credential ${issued.accessKeyId}, nor could it be deleted again (${(error as Error).message}); it stays stored, never handed out, until it expires`);
    }
  }
}
