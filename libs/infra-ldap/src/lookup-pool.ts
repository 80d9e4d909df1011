import type { Client } from 'ldapts';
import { DirectoryFailure } from '#domain';
import { closeQuietly } from './ldap-connection.js';

export interface LookupPoolOptions {
  /** Most connections open at once; callers beyond it wait for one to be released. */
  size: number;
  /** How long a caller waits for a free connection before the directory counts as unavailable. */
  acquireTimeoutMs: number;
}

interface Waiter {
  resolve: (client: Client) => void;
  reject: (error: unknown) => void;
}

/**
 * Connections bound as the lookup account, reused across requests. One is handed to one caller at
 * a time; it is dropped, never reused, after a directory failure or once the server closed it (a
 * transparent ldapts reconnect would come back unauthenticated, and without StartTLS).
 */
export class LookupPool {
  private readonly idle: Client[] = [];
  private readonly waiters: Waiter[] = [];
  private open = 0;
  private closed = false;

  constructor(private readonly connect: () => Promise<Client>, private readonly options: LookupPoolOptions) {}

  async use<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = await this.acquire();
    try {
      const result = await work(client);
      this.release(client);
      return result;
    } catch (error) {
      if (error instanceof DirectoryFailure) this.discard(client);
      else this.release(client);
      throw error;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter.reject(new DirectoryFailure('unreachable', 'the LDAP connection pool is closed'));
    await Promise.all(this.idle.splice(0).map((client) => closeQuietly(client)));
  }

  private acquire(): Promise<Client> {
    if (this.closed) return Promise.reject(new DirectoryFailure('unreachable', 'the LDAP connection pool is closed'));
    for (let client = this.idle.pop(); client; client = this.idle.pop()) {
      if (client.isBound) return Promise.resolve(client);
      this.discard(client);
    }
    if (this.open < this.options.size) return this.openOne();
    return new Promise((resolve, reject) => {
      const waiter = { resolve, reject };
      this.waiters.push(waiter);
      setTimeout(() => {
        const at = this.waiters.indexOf(waiter);
        if (at < 0) return;
        this.waiters.splice(at, 1);
        reject(new DirectoryFailure('unreachable', `all ${this.options.size} LDAP lookup connections stayed busy for ${this.options.acquireTimeoutMs} ms`));
      }, this.options.acquireTimeoutMs).unref();
    });
  }

  private async openOne(): Promise<Client> {
    this.open++;
    try {
      return await this.connect();
    } catch (error) {
      this.open--;
      this.serveNextWaiter();
      throw error;
    }
  }

  private release(client: Client): void {
    if (this.closed || !client.isBound) return this.discard(client);
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(client);
    else this.idle.push(client);
  }

  private discard(client: Client): void {
    this.open--;
    void closeQuietly(client);
    this.serveNextWaiter();
  }

  /** A slot freed up: the longest waiter gets a new connection. */
  private serveNextWaiter(): void {
    const waiter = this.waiters.shift();
    if (waiter) this.openOne().then(waiter.resolve, waiter.reject);
  }
}
