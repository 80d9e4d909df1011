// The cn=config of a throwaway slapd (toolchain.md §1c): one mdb database, the schemas that
// inetOrgPerson and groupOfNames need, optional TLS. Loaded offline with slapadd before slapd starts.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SCHEMAS = ['core', 'cosine', 'inetorgperson'];

function configLdif({ dir, suffix, rootDn, rootPassword, tls }) {
  const tlsLines = tls ? `olcTLSCertificateFile: ${tls.certFile}\nolcTLSCertificateKeyFile: ${tls.keyFile}\n` : '';
  return `dn: cn=config
objectClass: olcGlobal
cn: config
${tlsLines}
dn: cn=module{0},cn=config
objectClass: olcModuleList
cn: module{0}
olcModulePath: /usr/lib/ldap
olcModuleLoad: back_mdb

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

${SCHEMAS.map((name) => `include: file:///etc/ldap/schema/${name}.ldif`).join('\n')}

dn: olcDatabase={-1}frontend,cn=config
objectClass: olcDatabaseConfig
objectClass: olcFrontendConfig
olcDatabase: {-1}frontend

dn: olcDatabase={0}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {0}config

dn: olcDatabase={1}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {1}mdb
olcSuffix: ${suffix}
olcRootDN: ${rootDn}
olcRootPW: ${rootPassword}
olcDbDirectory: ${join(dir, 'db')}
olcDbIndex: objectClass eq
olcDbIndex: uid,member eq
olcAccess: {0}to attrs=userPassword by self write by anonymous auth by * none
olcAccess: {1}to * by * read
`;
}

/** Writes `<dir>/slapd.d` (the config) and `<dir>/db` (the entries of `ldif`). */
export function initSlapd(slapadd, options) {
  const { dir, ldif } = options;
  mkdirSync(join(dir, 'slapd.d'), { recursive: true, mode: 0o700 });
  mkdirSync(join(dir, 'db'), { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'config.ldif'), configLdif(options));
  writeFileSync(join(dir, 'data.ldif'), ldif);
  for (const [database, file] of [['0', 'config.ldif'], ['1', 'data.ldif']]) {
    const result = spawnSync(slapadd, ['-n', database, '-F', join(dir, 'slapd.d'), '-l', join(dir, file)], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`slapadd -n ${database} failed (${result.error?.message ?? `exit code ${result.status}`}):\n${result.stdout}${result.stderr}`);
  }
}
