import { isIP } from 'node:net';
import { rootCertificates, type ConnectionOptions } from 'node:tls';
import { Client, ResultCodeError } from 'ldapts';
import { DirectoryFailure, type LdapSettings } from '#domain';
import { endpointsOf, type LdapEndpoint } from './ldap-endpoints.js';
import { withDeadline } from './ldap-errors.js';

export interface LdapConnectionOptions {
  settings: LdapSettings;
  /** Deadline of connecting (TCP, TLS, StartTLS) and of every LDAP operation, in ms. */
  timeoutMs: number;
  /** Extra CA certificates (PEM) trusted for the directory, on top of the system's. */
  ca?: string;
}

/**
 * A connection bound as `dn`, to the first endpoint that answers. On any failure the connection is
 * closed before the error is rethrown: an ldapts Client whose bind failed keeps its socket open.
 * A server that answered (an LDAP result code) is not retried on the next endpoint.
 */
export async function openBound(options: LdapConnectionOptions, dn: string, password: string): Promise<Client> {
  const failures: string[] = [];
  for (const endpoint of await endpointsOf(options.settings, options.timeoutMs)) {
    const client = clientFor(endpoint, options);
    try {
      if (options.settings.transport === 'starttls') {
        await withDeadline(client.startTLS(tlsOptions(endpoint, options)), options.timeoutMs, `StartTLS with ${endpoint.url}`);
      }
      await client.bind(dn, password);
      return client;
    } catch (error) {
      await closeQuietly(client);
      if (error instanceof ResultCodeError) throw error;
      failures.push(`${endpoint.url}: ${(error as Error).message}`);
    }
  }
  throw new DirectoryFailure('unreachable', `could not connect to any LDAP server (${failures.join('; ')})`);
}

export async function closeQuietly(client: Client | undefined): Promise<void> {
  await client?.unbind().catch(() => undefined);
}

function clientFor(endpoint: LdapEndpoint, options: LdapConnectionOptions): Client {
  // ldapts switches to TLS whenever tlsOptions are given, so they go only to an ldaps:// client.
  const tls = options.settings.transport === 'ldaps' ? tlsOptions(endpoint, options) : undefined;
  return new Client({ url: endpoint.url, timeout: options.timeoutMs, connectTimeout: options.timeoutMs, tlsOptions: tls });
}

/** TLS ≥ 1.2 with the server name taken from the address, as MinIO; skip-verify only when configured. */
function tlsOptions(endpoint: LdapEndpoint, options: LdapConnectionOptions): ConnectionOptions {
  return {
    host: endpoint.host,
    servername: isIP(endpoint.host) ? undefined : endpoint.host,
    minVersion: 'TLSv1.2',
    rejectUnauthorized: !options.settings.tlsSkipVerify,
    ca: options.ca ? [...rootCertificates, options.ca] : undefined,
  };
}
