// A throwaway OpenLDAP directory for the LDAP suites: fixture people and groupOfNames groups, a
// test certificate for StartTLS/LDAPS, and slapd on free loopback ports (scripts/lib/servers.mjs).
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePorts, startSlapd, type SlapdHandle } from '../../scripts/lib/servers.mjs';

export const SUFFIX = 'dc=example,dc=com';
export const ROOT_DN = `cn=admin,${SUFFIX}`;
export const ROOT_PASSWORD = 'admin-secret-1';
export const PEOPLE = `ou=people,${SUFFIX}`;
export const GROUPS = `ou=groups,${SUFFIX}`;
export const dnOf = (uid: string) => `uid=${uid},${PEOPLE}`;
export const groupDn = (cn: string) => `cn=${cn},${GROUPS}`;

/** uid → password. alice is in admins and devs, bob and józef in devs; carol and dave in no group. */
export const PASSWORDS: Record<string, string> = {
  alice: 'alice-pass-1', bob: 'bob-pass-1', carol: 'carol-pass-1', dave: 'dave-pass-1', 'józef': 'józef-pass-1', twin: 'twin-pass-1',
};
const GROUP_MEMBERS: Record<string, string[]> = { admins: ['alice'], devs: ['alice', 'bob', 'józef'] };

/** slapd's `{SSHA}` scheme: SHA-1 of password and salt, then the salt, in base64. */
function ssha(password: string): string {
  const salt = randomBytes(8);
  return `{SSHA}${Buffer.concat([createHash('sha1').update(password).update(salt).digest(), salt]).toString('base64')}`;
}

/** LDIF values outside ASCII must be base64 (`attr:: …`). */
const attr = (name: string, value: string) => (/^[\x20-\x7e]*$/.test(value) ? `${name}: ${value}` : `${name}:: ${Buffer.from(value).toString('base64')}`);

function person(uid: string, parent = PEOPLE): string {
  return [attr('dn', `uid=${uid},${parent}`), 'objectClass: inetOrgPerson', attr('uid', uid), attr('cn', uid), 'sn: Example',
    `mail: ${uid === 'józef' ? 'jozef' : uid}@example.com`, `userPassword: ${ssha(PASSWORDS[uid])}`].join('\n');
}

export function fixtureLdif(): string {
  const entries = [
    `dn: ${SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example`,
    `dn: ${PEOPLE}\nobjectClass: organizationalUnit\nou: people`,
    `dn: ou=contractors,${PEOPLE}\nobjectClass: organizationalUnit\nou: contractors`,
    `dn: ${GROUPS}\nobjectClass: organizationalUnit\nou: groups`,
    ...['alice', 'bob', 'carol', 'dave', 'józef', 'twin'].map((uid) => person(uid)),
    // A second `twin` elsewhere under the base: the user filter then matches two entries.
    person('twin', `ou=contractors,${PEOPLE}`),
    ...Object.entries(GROUP_MEMBERS).map(([cn, members]) =>
      [`dn: ${groupDn(cn)}`, 'objectClass: groupOfNames', `cn: ${cn}`, ...members.map((uid) => attr('member', dnOf(uid)))].join('\n')),
  ];
  return `${entries.join('\n\n')}\n`;
}

/** A self-signed certificate for 127.0.0.1 and localhost, valid one day; it is its own CA. */
export function createTestCertificate(dir: string): { certFile: string; keyFile: string } {
  const certFile = join(dir, 'ldap-cert.pem');
  const keyFile = join(dir, 'ldap-key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
  return { certFile, keyFile };
}

export interface TestDirectory {
  slapd: SlapdHandle;
  port: number;
  tlsPort: number;
  certFile: string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** slapd with the fixture, StartTLS on `port` and LDAPS on `tlsPort`; restart() serves the same data again. */
export async function startTestDirectory(dir: string): Promise<TestDirectory> {
  const tls = createTestCertificate(dir);
  const [port, tlsPort] = await freePorts(2);
  const options = { port, tlsPort, dir: join(dir, 'slapd'), suffix: SUFFIX, rootDn: ROOT_DN, rootPassword: ROOT_PASSWORD, ldif: fixtureLdif(), tls, logFile: join(dir, 'slapd.log') };
  const directory: TestDirectory = {
    slapd: await startSlapd(options),
    port,
    tlsPort,
    certFile: tls.certFile,
    restart: async () => { directory.slapd = await startSlapd(options); },
    stop: () => directory.slapd.stop(),
  };
  return directory;
}

/** The verifier's MINIO_IDENTITY_LDAP_* settings for this directory over plain LDAP. */
export function ldapEnv(directory: TestDirectory): Record<string, string> {
  return {
    MINIO_IDENTITY_LDAP_SERVER_ADDR: `127.0.0.1:${directory.port}`,
    MINIO_IDENTITY_LDAP_SERVER_INSECURE: 'on',
    MINIO_IDENTITY_LDAP_LOOKUP_BIND_DN: ROOT_DN,
    MINIO_IDENTITY_LDAP_LOOKUP_BIND_PASSWORD: ROOT_PASSWORD,
    MINIO_IDENTITY_LDAP_USER_DN_SEARCH_BASE_DN: PEOPLE,
    MINIO_IDENTITY_LDAP_USER_DN_SEARCH_FILTER: '(&(objectClass=inetOrgPerson)(uid=%s))',
    MINIO_IDENTITY_LDAP_USER_DN_ATTRIBUTES: 'mail',
    MINIO_IDENTITY_LDAP_GROUP_SEARCH_BASE_DN: GROUPS,
    MINIO_IDENTITY_LDAP_GROUP_SEARCH_FILTER: '(&(objectClass=groupOfNames)(member=%d))',
    STS_LDAP_TLS_CA_FILE: directory.certFile,
  };
}
