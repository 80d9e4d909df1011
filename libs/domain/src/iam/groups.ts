/** A builtin group: a named set of builtin users that policies can be attached to. */
export interface GroupRecord {
  version: 1;
  name: string;
  members: string[];
  updatedAt: number;
  /** A disabled group gives its members none of its policies (MinIO); absent means enabled. */
  status?: 'enabled' | 'disabled';
}

export interface GroupStore {
  get(name: string): Promise<GroupRecord | null>;
  put(record: GroupRecord): Promise<void>;
  /** Removes the group and its policy mapping together. */
  remove(name: string): Promise<void>;
  list(): Promise<GroupRecord[]>;
}
