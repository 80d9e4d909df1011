import { BlockList, isIP } from 'node:net';
import { parseOperator, toBoolean, toEpochMillis, toNumber, toSubnet, type Comparison, type ConditionOperator, type OperatorFamily } from './condition-operators.js';
import { compileTemplate, resolveTemplate, splitArnPattern, type ContextValues, type Template } from './policy-variables.js';
import type { ConditionBlock, ConditionValue } from './types.js';
import { matchTokens, type GlobToken } from './wildcard.js';

/** Tests one request value against all of a condition's policy values (OR'd). */
export interface ValueMatcher {
  /** Some policy value names a variable this request cannot resolve. */
  readonly unresolved: boolean;
  test(value: string): boolean;
}

export interface CompiledCondition {
  /** Lower-cased: context keys are case-insensitive. */
  readonly key: string;
  readonly operator: ConditionOperator;
  /** For `Null`: the accepted answers to "is the key absent?". */
  readonly absence?: readonly boolean[];
  matcher(context: ContextValues): ValueMatcher;
}

type Test = (value: string) => boolean;
/** A resolved policy value: one token list, or six for an ARN (one per component). */
type Resolved = readonly (readonly GlobToken[])[];

const compare = (a: number, b: number, how: Comparison) =>
  how === 'eq' ? a === b : how === 'lt' ? a < b : how === 'le' ? a <= b : how === 'gt' ? a > b : a >= b;

function ordered(values: readonly ConditionValue[], how: Comparison, read: (v: ConditionValue) => number | undefined): Test {
  const limits = values.map((v) => read(v)!);
  return (value) => {
    const n = read(value);
    return n !== undefined && limits.some((limit) => compare(n, limit, how));
  };
}

function addresses(values: readonly ConditionValue[]): Test {
  const list = new BlockList();
  for (const value of values) {
    const subnet = toSubnet(value)!;
    list.addSubnet(subnet.address, subnet.prefix, subnet.family);
  }
  return (value) => {
    const version = isIP(value);
    return version !== 0 && list.check(value, version === 4 ? 'ipv4' : 'ipv6');
  };
}

function fixedTest(family: OperatorFamily, how: Comparison, values: readonly ConditionValue[]): Test {
  switch (family) {
    case 'numeric': return ordered(values, how, toNumber);
    case 'date': return ordered(values, how, toEpochMillis);
    case 'ip': return addresses(values);
    case 'bool': {
      const accepted = values.map(toBoolean);
      return (value) => { const b = toBoolean(value); return b !== undefined && accepted.includes(b); };
    }
    default: {
      const accepted = values.map((v) => Buffer.from(String(v), 'base64'));
      return (value) => { const bytes = Buffer.from(value, 'base64'); return accepted.some((a) => a.equals(bytes)); };
    }
  }
}

/** The six ARN components, the last keeping any further colons; undefined when not an ARN. */
function arnParts(value: string): string[] | undefined {
  const parts = value.split(':');
  return parts.length >= 6 ? [...parts.slice(0, 5), parts.slice(5).join(':')] : undefined;
}

function textTest(family: OperatorFamily, values: readonly Resolved[]): Test {
  if (family === 'stringLike') return (value) => values.some(([tokens]) => matchTokens(tokens, value));
  if (family === 'arn') {
    return (value) => {
      const parts = arnParts(value);
      return parts !== undefined && values.some((pattern) => pattern.every((tokens, i) => matchTokens(tokens, parts[i])));
    };
  }
  const lower = family === 'stringIgnoreCase';
  const accepted = new Set(values.map(([tokens]) => (lower ? tokens.join('').toLowerCase() : tokens.join(''))));
  return (value) => accepted.has(lower ? value.toLowerCase() : value);
}

/** Compiles each value's templates; ARN values split first so a `*` stays inside its component. */
function valueTemplates(family: OperatorFamily, value: ConditionValue): Template[] | undefined {
  const text = String(value);
  if (family !== 'arn') return [compileTemplate(text, family === 'stringLike')];
  return splitArnPattern(text)?.map((part) => compileTemplate(part, true));
}

/** String and ARN families substitute policy variables (AWS allows them there only). */
function textMatcher(family: OperatorFamily, values: readonly ConditionValue[]): (context: ContextValues) => ValueMatcher {
  // parse-condition.ts has refused Arn* values that are not ARNs; the filter only narrows the type.
  const patterns = values.map((value) => valueTemplates(family, value)).filter((p): p is Template[] => p !== undefined);
  const resolveAt = (context: ContextValues): ValueMatcher => {
    const resolved: Resolved[] = [];
    let unresolved = false;
    for (const pattern of patterns) {
      const tokens = pattern.map((template) => resolveTemplate(template, context));
      if (tokens.every((t) => t !== undefined)) resolved.push(tokens as Resolved);
      else unresolved = true;
    }
    return { unresolved, test: textTest(family, resolved) };
  };
  if (patterns.some((pattern) => pattern.some((template) => !template.fixed))) return resolveAt;
  const once = resolveAt(new Map());
  return () => once;
}

const TEXT_FAMILIES: ReadonlySet<OperatorFamily> = new Set(['string', 'stringIgnoreCase', 'stringLike', 'arn']);
const NEVER: ValueMatcher = { unresolved: false, test: () => false };

function compileOne(name: string, key: string, values: readonly ConditionValue[]): CompiledCondition {
  const operator = parseOperator(name)!;
  const { family } = operator;
  const lowerKey = key.toLowerCase();
  if (family === 'null') return { key: lowerKey, operator, absence: values.map((v) => toBoolean(v)!), matcher: () => NEVER };
  if (TEXT_FAMILIES.has(family)) return { key: lowerKey, operator, matcher: textMatcher(family, values) };
  const once: ValueMatcher = { unresolved: false, test: fixedTest(family, operator.comparison, values) };
  return { key: lowerKey, operator, matcher: () => once };
}

/** Compiles a validated Condition element (see parse-condition.ts) into one entry per key. */
export function compileConditions(block: ConditionBlock | undefined): CompiledCondition[] {
  if (!block) return [];
  return Object.entries(block).flatMap(([name, keys]) =>
    Object.entries(keys).map(([key, values]) => compileOne(name, key, values)));
}
