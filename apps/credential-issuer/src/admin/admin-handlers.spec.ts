import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { AdminSubjects, Subjects } from '#contracts';
import { ISSUER_HANDLERS } from '../credential-issuer.module.js';
import { AccessChangeNotifier } from './access-change-notifier.js';
import { AdminAuditInterceptor } from './admin-audit.interceptor.js';
import { AdminAuthorizationGuard } from './admin-authorization.guard.js';

// Nest's metadata keys (@nestjs/common and @nestjs/microservices constants).
const PATTERN = 'microservices:pattern';
const GUARDS = '__guards__';
const INTERCEPTORS = '__interceptors__';

type HandlerClass = (typeof ISSUER_HANDLERS)[number];

function patternsOf(handler: HandlerClass): string[] {
  const proto = handler.prototype as unknown as Record<string, unknown>;
  return Object.getOwnPropertyNames(proto).flatMap((name) => (Reflect.getMetadata(PATTERN, proto[name] as object) as string[] | undefined) ?? []);
}

const adminSubjects = new Set<string>(Object.values(AdminSubjects));
const served = ISSUER_HANDLERS.map((handler) => ({ handler, patterns: patternsOf(handler) }));

describe('the issuer’s handlers', () => {
  it('serve every admin subject', () => {
    expect(new Set(served.flatMap(({ patterns }) => patterns.filter((p) => adminSubjects.has(p))))).toEqual(adminSubjects);
  });

  it.each(served.filter(({ patterns }) => patterns.some((p) => adminSubjects.has(p))).map(({ handler }) => [handler.name, handler]))(
    '%s authorizes, audits and announces access changes for its admin subjects',
    (_name, handler) => {
      expect(Reflect.getMetadata(GUARDS, handler)).toContain(AdminAuthorizationGuard);
      expect(Reflect.getMetadata(INTERCEPTORS, handler)).toEqual([AdminAuditInterceptor, AccessChangeNotifier]);
    },
  );

  it('put no interceptor on the issue path', () => {
    const issuing = served.find(({ patterns }) => patterns.includes(Subjects.CredentialsIssue))!.handler;
    expect(Reflect.getMetadata(INTERCEPTORS, issuing)).toBeUndefined();
  });
});
