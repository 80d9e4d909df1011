import { AdminOperations, type AdminRequest, type AdminSubject } from '#contracts';
import { SchemaPipe } from '#nest-common';

/** Validates an admin message against its operation's schema in the contracts. */
export const adminPipe = <S extends AdminSubject>(subject: S) =>
  new SchemaPipe(AdminOperations[subject].request as unknown as import('zod').ZodType<AdminRequest<S>>);

export const OK = { ok: true } as const;
