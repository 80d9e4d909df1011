import { describe, expect, it } from '@jest/globals';
import { APP_ROSTER } from './app-roster.js';
import { AdminSubjects, Events, Subjects } from './subjects.js';
import { natsPermissions, TRUST_TABLE } from './trust-table.js';

/** NATS subject matching: `*` is one token, `>` one or more trailing tokens. */
function matches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (p[i] !== '*' && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}

const apps = APP_ROSTER.map((app) => app.name);
const table = TRUST_TABLE as Record<string, { serves: readonly string[]; listens: readonly string[]; publishes: readonly string[] }>;
const whoPublishes = (subject: string) => apps.filter((app) => table[app].publishes.some((p) => matches(p, subject)));
const whoServes = (subject: string) => apps.filter((app) => table[app].serves.some((p) => matches(p, subject)));
const whoReceives = (subject: string) => apps.filter((app) => table[app].listens.some((p) => matches(p, subject)));

describe('the trust table', () => {
  it('has an entry for every app of the roster and none other', () => {
    expect(Object.keys(TRUST_TABLE).sort()).toEqual([...apps].sort());
  });

  it.each([...Object.values(Subjects), ...Object.values(AdminSubjects)])('lets exactly one app serve %s, and someone request it', (subject) => {
    expect(whoServes(subject)).toHaveLength(1);
    expect(whoPublishes(subject).length).toBeGreaterThan(0);
  });

  it.each(Object.values(Events))('lets some app publish the event %s', (subject) => {
    expect(whoPublishes(subject).length).toBeGreaterThan(0);
  });

  it('lets only the credential-issuer serve sts.credentials.* and sts.admin.*', () => {
    for (const subject of ['sts.credentials.issue', 'sts.credentials.lookup', AdminSubjects.UsersAdd, AdminSubjects.KeysRotate]) expect(whoServes(subject)).toEqual(['credential-issuer']);
  });

  it('lets only verifiers mint, and not the gateway', () => {
    expect(whoPublishes(Subjects.CredentialsIssue).every((app) => app.endsWith('-verifier'))).toBe(true);
  });

  it('lets only the issuer announce leaving, and the verifiers that hand issue requests on hear it', () => {
    expect(whoPublishes(Events.IssuerLeaving)).toEqual(['credential-issuer']);
    expect(whoReceives(Events.IssuerLeaving).sort()).toEqual(['assume-role-verifier', 'client-grants-verifier', 'oidc-verifier']);
  });

  it('lets only the ldap-verifier receive sts.verify.ldap', () => {
    expect([...whoServes(Subjects.VerifyLdap), ...whoReceives(Subjects.VerifyLdap)]).toEqual(['ldap-verifier']);
  });

  it('gives nobody a wildcard subscription to everything, and every app a private inbox', () => {
    for (const app of apps) {
      const allowed = natsPermissions(app).subscribe.allow;
      expect(allowed.some((subject) => subject === '>' || subject.startsWith('_INBOX.>') || subject.startsWith('sts.>'))).toBe(false);
      expect(allowed).toContain(`_INBOX.${app}.>`);
    }
  });

  it('queue-qualifies every served subject, so stolen credentials cannot tap requests outside the group', () => {
    for (const app of apps) for (const subject of table[app].serves) expect(natsPermissions(app).subscribe.allow).toContain(`${subject} ${app}`);
  });

  it('lets only the credential-issuer write etcd', () => {
    expect(apps.filter((app) => TRUST_TABLE[app as keyof typeof TRUST_TABLE].etcdWrite)).toEqual(['credential-issuer']);
  });
});
