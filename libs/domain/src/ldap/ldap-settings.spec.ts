import { describe, expect, it } from '@jest/globals';
import { parseLdapSettings, type LdapValues } from './ldap-settings.js';

const MINIMAL: LdapValues = {
  server_addr: 'ldap.example.com',
  lookup_bind_dn: 'cn=reader,dc=example,dc=com',
  lookup_bind_password: 'secret',
  user_dn_search_base_dn: 'ou=people,dc=example,dc=com',
  user_dn_search_filter: '(uid=%s)',
};
const parse = (overrides: LdapValues = {}) => parseLdapSettings({ ...MINIMAL, ...overrides });

describe(parseLdapSettings.name, () => {
  it('is off without a server address, and when explicitly disabled', () => {
    expect(parseLdapSettings({})).toBeUndefined();
    expect(parse({ enable: 'off' })).toBeUndefined();
  });

  it('defaults to LDAPS on port 636 with verified certificates, as MinIO', () => {
    expect(parse()).toMatchObject({ host: 'ldap.example.com', port: 636, transport: 'ldaps', tlsSkipVerify: false, userAttributes: [], groupSearchBases: [] });
  });

  it('reads host:port, bracketed IPv6, and lets StartTLS win over insecure as MinIO connects', () => {
    expect(parse({ server_addr: '10.0.0.5:389', server_insecure: 'on' })).toMatchObject({ host: '10.0.0.5', port: 389, transport: 'plain' });
    expect(parse({ server_addr: '[::1]:1389' })).toMatchObject({ host: '::1', port: 1389 });
    expect(parse({ server_starttls: 'on', server_insecure: 'on' })?.transport).toBe('starttls');
  });

  it('splits base DN lists on ";" and attributes on ","', () => {
    expect(parse({ user_dn_search_base_dn: 'ou=a,dc=x; ou=b,dc=x;', user_dn_attributes: 'mail, cn' }))
      .toMatchObject({ userSearchBases: ['ou=a,dc=x', 'ou=b,dc=x'], userAttributes: ['mail', 'cn'] });
  });

  it('takes an SRV record name instead of a port', () => {
    expect(parse({ srv_record_name: 'ldaps', server_addr: 'example.com' })).toMatchObject({ host: 'example.com', srv: { service: 'ldaps' } });
    expect(parse({ srv_record_name: 'on', server_addr: '_ldap._tcp.example.com' })?.srv).toEqual({ service: undefined });
  });

  it.each([
    [{ enable: 'on', server_addr: '' }, 'server_addr'],
    [{ server_addr: 'host:99999' }, 'server_addr'],
    [{ srv_record_name: 'dns' }, 'srv_record_name'],
    [{ lookup_bind_dn: '' }, 'lookup_bind_dn'],
    [{ user_dn_search_base_dn: ' ; ' }, 'user_dn_search_base_dn'],
    [{ user_dn_search_filter: '' }, 'user_dn_search_filter'],
    [{ user_dn_search_filter: '(uid=alice)' }, 'user_dn_search_filter'],
    [{ user_dn_search_filter: '(&(uid=%s)(member=%d))' }, 'user_dn_search_filter'],
    [{ user_dn_attributes: 'mail,1.2.3' }, 'user_dn_attributes'],
    [{ group_search_base_dn: 'ou=groups,dc=x' }, 'group_search_filter'],
    [{ group_search_filter: '(member=%d)' }, 'group_search_base_dn'],
    [{ group_search_filter: '(objectClass=group)', group_search_base_dn: 'ou=g,dc=x' }, 'group_search_filter'],
    [{ tls_skip_verify: 'maybe' }, 'tls_skip_verify'],
  ])('refuses %j, naming %s', (overrides, key) => {
    expect(() => parse(overrides as LdapValues)).toThrow(expect.objectContaining({ key }));
  });
});
