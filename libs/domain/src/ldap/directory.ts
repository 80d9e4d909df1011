/** An entry as a search returned it: the DN as the server spells it, and the requested attributes. */
export interface DirectoryEntry {
  dn: string;
  attributes: Record<string, string[]>;
}

/** A connection bound as the lookup (service) account. */
export interface LookupSession {
  /** Subtree search, aliases never dereferenced, no size or time limit (MinIO §4.2). */
  search(base: string, filter: string, attributes: readonly string[]): Promise<DirectoryEntry[]>;
  /** The DN of this entry as the server spells it, or null when there is no such entry. */
  read(dn: string): Promise<string | null>;
}

/** The LDAP server, as the login flow needs it. Implemented over ldapts in libs/infra-ldap. */
export interface Directory {
  /** Runs `work` on a pooled connection bound as the lookup account. */
  withLookupSession<T>(work: (session: LookupSession) => Promise<T>): Promise<T>;
  /**
   * Binds as `dn` with `password` on a fresh connection that is then closed. False when the server
   * refuses the credentials; throws DirectoryFailure for anything else.
   */
  checkPassword(dn: string, password: string): Promise<boolean>;
}

/**
 * What went wrong talking to the directory: it could not be reached (or answered too late), it
 * refused the lookup account, or it answered a request with an error. The message is for logs;
 * what the client sees is decided by the use case.
 */
export type DirectoryFailureKind = 'unreachable' | 'lookup-bind-refused' | 'error';

export class DirectoryFailure extends Error {
  override readonly name = 'DirectoryFailure';
  constructor(readonly kind: DirectoryFailureKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
