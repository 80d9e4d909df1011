/** One failure (or reservation) and when it stops counting. */
export interface BudgetEntry {
  id: string;
  until: number;
}

/** A budget key's document as read: its version (for the compare-and-swap) and its live entries. */
export interface BudgetDocument {
  key: string;
  version: string;
  live: BudgetEntry[];
  /** Recalled from this process's last read or write, not read now: good for a swap (its version guards it), not for a refusal or a give-back that finds nothing. */
  remembered?: boolean;
}

/** Where the budget documents live (etcd in production): read, and a compare-and-swap over several. */
export interface BudgetDocuments {
  /** One document per key, in order; an absent key reads as version "0" with no entries. `fresh`: none remembered. */
  read(keys: readonly string[], fresh: boolean): Promise<BudgetDocument[]>;
  /** Writes every change at once, only if none of their documents changed since read; false on a conflict. */
  swap(changes: ReadonlyArray<{ document: BudgetDocument; entries: BudgetEntry[] }>): Promise<boolean>;
}
