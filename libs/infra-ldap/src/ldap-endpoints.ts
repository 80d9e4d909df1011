import { resolveSrv } from 'node:dns/promises';
import { isIP } from 'node:net';
import { DirectoryFailure, type LdapSettings } from '#domain';
import { withDeadline } from './ldap-errors.js';

export interface LdapEndpoint {
  url: string;
  /** The name the server's certificate must carry. */
  host: string;
}

/**
 * The servers to try in order: the configured one, or with `_SRV_RECORD_NAME` the targets of the
 * SRV records (`_ldap._tcp.<addr>`, `_ldaps._tcp.<addr>`, or `<addr>` itself for "on"), by priority
 * then weight; the first that answers wins, as MinIO. Resolved per connection, so DNS changes apply.
 */
export async function endpointsOf(settings: LdapSettings, timeoutMs: number): Promise<LdapEndpoint[]> {
  if (!settings.srv) return [endpoint(settings.host, settings.port, settings)];
  const name = settings.srv.service ? `_${settings.srv.service}._tcp.${settings.host}` : settings.host;
  try {
    const records = await withDeadline(resolveSrv(name), timeoutMs, `SRV lookup of ${name}`);
    records.sort((a, b) => a.priority - b.priority || b.weight - a.weight);
    return records.map((r) => endpoint(r.name, r.port, settings));
  } catch (error) {
    throw new DirectoryFailure('unreachable', `DNS SRV record lookup of ${name} failed: ${(error as Error).message}`, { cause: error });
  }
}

function endpoint(host: string, port: number, settings: LdapSettings): LdapEndpoint {
  const scheme = settings.transport === 'ldaps' ? 'ldaps' : 'ldap';
  return { url: `${scheme}://${isIP(host) === 6 ? `[${host}]` : host}:${port}`, host };
}
