import { ResultCodeError } from 'ldapts';
import { DirectoryFailure } from '#domain';

/**
 * Bind results that mean "not these credentials": invalidCredentials (49), and the refusals some
 * servers give instead: inappropriateAuthentication (48), insufficientAccessRights (50, e.g. a
 * locked account) and unwillingToPerform (53, e.g. an unauthenticated bind).
 */
const REFUSED = new Set([48, 49, 50, 53]);
/** busy (51) and unavailable (52): the server is there but cannot serve now. */
const UNAVAILABLE = new Set([51, 52]);

export const isCredentialsRefusal = (error: unknown): boolean => error instanceof ResultCodeError && REFUSED.has(error.code);

/**
 * An LDAP result code is the server answering with an error; anything else (refused or reset
 * sockets, timeouts, TLS failures) means the directory could not be reached.
 */
export function directoryFailureOf(error: unknown, what: string): DirectoryFailure {
  if (error instanceof DirectoryFailure) return error;
  const message = error instanceof Error ? error.message.trim() : String(error);
  if (error instanceof ResultCodeError && !UNAVAILABLE.has(error.code)) {
    return new DirectoryFailure('error', `${what}: LDAP result ${error.code} (${message})`, { cause: error });
  }
  return new DirectoryFailure('unreachable', `${what}: ${message}`, { cause: error });
}

/** Rejects when `work` has not settled within `ms`; ldapts has no deadline for a StartTLS handshake. */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
