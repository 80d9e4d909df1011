import type { ConditionBlock, ConditionValue, PolicyDocument, PolicyStatement } from './types.js';

/**
 * The canonical form. IAM lists (Action, Resource, condition values) are sets, so they are
 * de-duplicated and sorted; statements keep their order but exact duplicates are dropped, as
 * minio/pkg does on unmarshal (policy.go dropDuplicateStatements). Two equivalent documents
 * therefore store, compare and measure (the 2048-character session limit) the same.
 */
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sortedSet = (list: readonly string[]) => [...new Set(list)].sort(compareText);

function sortedValues(values: readonly ConditionValue[]): ConditionValue[] {
  const seen = new Map<string, ConditionValue>();
  for (const value of values) seen.set(`${typeof value}:${String(value)}`, value);
  return [...seen.entries()].sort(([a], [b]) => compareText(a, b)).map(([, value]) => value);
}

const sortedEntries = <T>(record: Readonly<Record<string, T>>) =>
  Object.entries(record).sort(([a], [b]) => compareText(a, b));

function canonicalCondition(block: ConditionBlock | undefined): ConditionBlock | undefined {
  const operators = block ? sortedEntries(block) : [];
  if (operators.length === 0) return undefined;
  return Object.fromEntries(operators.map(([operator, keys]) =>
    [operator, Object.fromEntries(sortedEntries(keys).map(([key, values]) => [key, sortedValues(values)]))]));
}

/** Builds the statement in the element order AWS documents, leaving absent elements out. */
function canonicalStatement(s: PolicyStatement): PolicyStatement {
  const Condition = canonicalCondition(s.Condition);
  return {
    ...(s.Sid ? { Sid: s.Sid } : {}),
    Effect: s.Effect,
    ...(s.Action ? { Action: sortedSet(s.Action) } : {}),
    ...(s.NotAction ? { NotAction: sortedSet(s.NotAction) } : {}),
    ...(s.Resource ? { Resource: sortedSet(s.Resource) } : {}),
    ...(s.NotResource ? { NotResource: sortedSet(s.NotResource) } : {}),
    ...(Condition ? { Condition } : {}),
  };
}

export function canonicalPolicy(doc: PolicyDocument): PolicyDocument {
  const statements = new Map<string, PolicyStatement>();
  for (const statement of doc.Statement.map(canonicalStatement)) statements.set(JSON.stringify(statement), statement);
  return {
    Version: doc.Version,
    ...(doc.Id !== undefined ? { Id: doc.Id } : {}),
    Statement: [...statements.values()],
  };
}

/**
 * A single condition value is written bare, as minio/pkg ValueSet.MarshalJSON does; condition
 * keys are the only array-valued members whose name holds a colon.
 */
const bareSingleValues = (key: string, value: unknown) =>
  Array.isArray(value) && value.length === 1 && key.includes(':') ? value[0] : value;

/** The stored JSON of a policy: canonical, compact, stable key order. */
export function normalizePolicy(doc: PolicyDocument): string {
  return JSON.stringify(canonicalPolicy(doc), bareSingleValues);
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
