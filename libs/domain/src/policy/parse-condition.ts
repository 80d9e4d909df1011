import { parseOperator, valueProblem, type OperatorFamily } from './condition-operators.js';
import { isJsonObject, malformed, quoted } from './policy-errors.js';
import type { ConditionBlock, ConditionValue } from './types.js';

/** `service:name` with an optional `/tag-key` style suffix (aws:PrincipalTag/team, jwt:groups). */
const CONDITION_KEY = /^[A-Za-z0-9_.-]+:\S+$/;

const isScalar = (value: unknown): value is ConditionValue =>
  typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));

function parseValues(raw: unknown, family: OperatorFamily, place: string): ConditionValue[] {
  const values = Array.isArray(raw) ? raw : [raw];
  if (values.length === 0 || !values.every(isScalar)) {
    throw malformed(`${place} must be a string, number, boolean or a non-empty list of them`);
  }
  for (const value of values) {
    const problem = valueProblem(family, value);
    if (problem) throw malformed(`${place}: ${quoted(value)} ${problem}`);
  }
  return values;
}

function parseKeys(raw: unknown, family: OperatorFamily, place: string) {
  if (!isJsonObject(raw)) throw malformed(`${place} must be an object of condition keys`);
  const entries = Object.entries(raw);
  if (entries.length === 0) throw malformed(`${place} must name at least one condition key`);
  return Object.fromEntries(entries.map(([key, values]) => {
    if (!CONDITION_KEY.test(key)) throw malformed(`${place}: invalid condition key ${quoted(key)}`);
    return [key, parseValues(values, family, `${place}[${quoted(key)}]`)];
  }));
}

/** Validates a statement's Condition element; `place` is e.g. `Statement[0].Condition`. */
export function parseCondition(raw: unknown, place: string): ConditionBlock | undefined {
  if (!isJsonObject(raw)) throw malformed(`${place} must be an object`);
  const entries = Object.entries(raw);
  if (entries.length === 0) return undefined;
  return Object.fromEntries(entries.map(([name, keys]) => {
    const operator = parseOperator(name);
    if (!operator) throw malformed(`${place}: unknown operator ${quoted(name)}`);
    return [name, parseKeys(keys, operator.family, `${place}.${name}`)];
  }));
}
