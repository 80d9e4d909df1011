// What the web-identity and ldap scenarios log in against, on loopback beside a fresh stack: an
// OpenID provider (oauth2-mock-server, one RS256 key) whose one id token every connection replays,
// and a throwaway slapd holding one user. Both are started before the stack (the verifiers read
// their settings at boot) and stopped with it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OAuth2Server } from 'oauth2-mock-server';
import { freePorts, startSlapd } from '../lib/servers.mjs';

const CLIENT_ID = 'sts-bench';
/** Outlives any run (at most 10 minutes per scenario). */
const TOKEN_SECONDS = 3600;
const SUFFIX = 'dc=bench,dc=example';
const ROOT_DN = `cn=admin,${SUFFIX}`;
const PEOPLE = `ou=people,${SUFFIX}`;
const GROUPS = `ou=groups,${SUFFIX}`;
const USER = { username: 'bench', password: 'bench-pass-1', dn: `uid=bench,${PEOPLE}` };

/** The provider, the verifier settings that trust it, and one token with a canned policy claim. */
export async function startOpenIdProvider() {
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  await server.start(0, '127.0.0.1');
  // Its default issuer would say localhost whatever it binds to.
  server.issuer.url = `http://127.0.0.1:${server.address().port}`;
  const token = await server.issuer.buildToken({
    expiresIn: TOKEN_SECONDS,
    scopesOrTransform: (_header, payload) => Object.assign(payload, { sub: 'bench-user', aud: CLIENT_ID, policy: 'readwrite' }),
  });
  return {
    env: { MINIO_IDENTITY_OPENID_CONFIG_URL: `${server.issuer.url}/.well-known/openid-configuration`, MINIO_IDENTITY_OPENID_CLIENT_ID: CLIENT_ID },
    token,
    stop: () => server.stop(),
  };
}

/** slapd with one user (and an empty group base), and the verifier settings that bind against it. */
export async function startDirectory() {
  const dir = mkdtempSync(join(tmpdir(), 'sts-bench-ldap-'));
  try {
    const rootPassword = 'bench-admin-1';
    const [port] = await freePorts(1);
    const slapd = await startSlapd({ port, dir, suffix: SUFFIX, rootDn: ROOT_DN, rootPassword, ldif: directoryLdif(), logFile: join(dir, 'slapd.log') });
    return {
      env: {
        MINIO_IDENTITY_LDAP_SERVER_ADDR: `127.0.0.1:${port}`,
        MINIO_IDENTITY_LDAP_SERVER_INSECURE: 'on',
        MINIO_IDENTITY_LDAP_LOOKUP_BIND_DN: ROOT_DN,
        MINIO_IDENTITY_LDAP_LOOKUP_BIND_PASSWORD: rootPassword,
        MINIO_IDENTITY_LDAP_USER_DN_SEARCH_BASE_DN: PEOPLE,
        MINIO_IDENTITY_LDAP_USER_DN_SEARCH_FILTER: '(&(objectClass=inetOrgPerson)(uid=%s))',
        MINIO_IDENTITY_LDAP_GROUP_SEARCH_BASE_DN: GROUPS,
        MINIO_IDENTITY_LDAP_GROUP_SEARCH_FILTER: '(&(objectClass=groupOfNames)(member=%d))',
        // A login in flight holds one unit of its user's and its client's failure budgets until it
        // succeeds; every connection is the same user from the same address, so the budgets must
        // exceed the connection count, or the throttle refuses what the bench means to measure.
        STS_LDAP_MAX_FAILURES_PER_USER: '10000',
        STS_LDAP_MAX_FAILURES_PER_CLIENT: '10000',
      },
      user: USER,
      stop: async () => {
        await slapd.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Gives the directory's user a policy (MinIO refuses an LDAP login that maps to none). */
export async function grantDirectoryUser(admin, user) {
  await admin('POST', 'idp/ldap/policy/attach', {}, { policies: ['readwrite'], user: user.dn });
}

// slapd compares a clear-text userPassword directly; this directory lives for one bench run.
function directoryLdif() {
  return [
    `dn: ${SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: bench\no: Bench`,
    `dn: ${PEOPLE}\nobjectClass: organizationalUnit\nou: people`,
    `dn: ${GROUPS}\nobjectClass: organizationalUnit\nou: groups`,
    `dn: ${USER.dn}\nobjectClass: inetOrgPerson\nuid: ${USER.username}\ncn: ${USER.username}\nsn: Bench\nuserPassword: ${USER.password}`,
  ].join('\n\n') + '\n';
}
