import { describe, expect, it } from '@jest/globals';
import { APP_ROSTER } from './app-roster.js';
import { AdminSubjects, Events, Subjects } from './subjects.js';
import { answerInboxPrefix, natsPermissions, subjectMatches as matches, TRUST_TABLE } from './trust-table.js';

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

  it('lets only the issuer announce leaving; the verifiers that hand issue requests on and the gateway (its memory of unknown keys) hear it', () => {
    expect(whoPublishes(Events.IssuerLeaving)).toEqual(['credential-issuer']);
    expect(whoReceives(Events.IssuerLeaving).sort()).toEqual(['api-gateway', 'assume-role-verifier', 'client-grants-verifier', 'oidc-verifier']);
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

  it('lets the apps that hand requests on answer only under the reply prefix their requesters keep for them, without allow_responses', () => {
    const handsOn = apps.filter((app) => 'handsOn' in TRUST_TABLE[app as keyof typeof TRUST_TABLE]);
    expect(handsOn.sort()).toEqual(['assume-role-verifier', 'client-grants-verifier', 'oidc-verifier']);
    for (const app of handsOn) {
      const permissions = natsPermissions(app);
      expect(permissions).not.toHaveProperty('allow_responses');
      expect(permissions.publish.allow.filter((subject) => subject.startsWith('_INBOX.'))).toEqual([`_INBOX.api-gateway.${app}.>`]);
    }
    for (const app of apps.filter((name) => table[name].serves.length > 0 && !handsOn.includes(name))) expect(natsPermissions(app)).toHaveProperty('allow_responses', true);
  });

  it('has requesters expect answers from an app that hands on under that app\'s own reply prefix, and all others under their private one', () => {
    expect(answerInboxPrefix('api-gateway', Subjects.VerifyAssumeRole)).toBe('_INBOX.api-gateway.assume-role-verifier');
    expect(answerInboxPrefix('api-gateway', Subjects.HealthOidcVerifier)).toBe('_INBOX.api-gateway.oidc-verifier');
    expect(answerInboxPrefix('api-gateway', Subjects.VerifyLdap)).toBe('_INBOX.api-gateway');
    expect(answerInboxPrefix('api-gateway', Subjects.CredentialsLookup)).toBe('_INBOX.api-gateway');
    expect(answerInboxPrefix('assume-role-verifier', Subjects.CredentialsIssue)).toBe('_INBOX.assume-role-verifier');
  });

  it('lets only the credential-issuer write etcd', () => {
    expect(apps.filter((app) => TRUST_TABLE[app as keyof typeof TRUST_TABLE].etcdWrite)).toEqual(['credential-issuer']);
  });
});
