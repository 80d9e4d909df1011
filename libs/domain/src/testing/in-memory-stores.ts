import type { CredentialRecord, CredentialStore } from '../credentials/credential-record.js';
import type { KeyringStore, StoredSigningKey } from '../credentials/signing-keyring.js';
import type { UserRecord, UserStore } from '../iam/users.js';
import type { Clock, RandomSource } from '../ports.js';

export class InMemoryCredentialStore implements CredentialStore {
  readonly records = new Map<string, CredentialRecord>();
  failWith?: Error;

  async create(record: CredentialRecord): Promise<boolean> {
    if (this.failWith) throw this.failWith;
    if (this.records.has(record.accessKey)) return false;
    this.records.set(record.accessKey, record);
    return true;
  }

  async get(accessKey: string): Promise<CredentialRecord | null> {
    return this.records.get(accessKey) ?? null;
  }
}

export class InMemoryKeyringStore implements KeyringStore {
  readonly keys: StoredSigningKey[] = [];
  async list() { return [...this.keys]; }
  async createFirst(key: StoredSigningKey) {
    if (this.keys.length > 0) return false;
    this.keys.push(key);
    return true;
  }
}

export class InMemoryUserStore implements UserStore {
  readonly users = new Map<string, UserRecord>();
  async get(accessKey: string) { return this.users.get(accessKey) ?? null; }
  async put(record: UserRecord) { this.users.set(record.accessKey, record); }
}

export class FixedClock implements Clock {
  constructor(public time: number) {}
  now() { return this.time; }
}

/** Deterministic bytes: a counter, so every call differs and tests can repeat. */
export class CountingRandom implements RandomSource {
  private next = 0;
  bytes(length: number): Buffer {
    return Buffer.from(Array.from({ length }, () => this.next++ % 256));
  }
}
