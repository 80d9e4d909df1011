import { isIP } from 'node:net';
import { splitArnPattern } from './policy-variables.js';

/**
 * The AWS condition operator catalogue ("IAM JSON policy elements: Condition operators"). Each
 * operator is a family plus a comparison; the `Not…` forms are negations of their positive
 * twin, so a missing key satisfies them and several policy values are NOR'd, as AWS documents.
 */
export type OperatorFamily = 'string' | 'stringIgnoreCase' | 'stringLike' | 'numeric' | 'date' | 'bool' | 'ip' | 'null' | 'binary' | 'arn';
export type Comparison = 'eq' | 'lt' | 'le' | 'gt' | 'ge';
export type SetQualifier = 'ForAnyValue' | 'ForAllValues';

export interface ConditionOperator {
  readonly family: OperatorFamily;
  readonly comparison: Comparison;
  readonly negated: boolean;
  readonly qualifier?: SetQualifier;
  readonly ifExists: boolean;
}

type Base = Pick<ConditionOperator, 'family' | 'comparison' | 'negated'>;
const base = (family: OperatorFamily, comparison: Comparison = 'eq', negated = false): Base => ({ family, comparison, negated });
const ordered = (prefix: string, family: OperatorFamily): [string, Base][] => [
  [`${prefix}Equals`, base(family)],
  [`${prefix}NotEquals`, base(family, 'eq', true)],
  [`${prefix}LessThan`, base(family, 'lt')],
  [`${prefix}LessThanEquals`, base(family, 'le')],
  [`${prefix}GreaterThan`, base(family, 'gt')],
  [`${prefix}GreaterThanEquals`, base(family, 'ge')],
];

const OPERATORS = new Map<string, Base>([
  ['StringEquals', base('string')],
  ['StringNotEquals', base('string', 'eq', true)],
  ['StringEqualsIgnoreCase', base('stringIgnoreCase')],
  ['StringNotEqualsIgnoreCase', base('stringIgnoreCase', 'eq', true)],
  ['StringLike', base('stringLike')],
  ['StringNotLike', base('stringLike', 'eq', true)],
  ...ordered('Numeric', 'numeric'),
  ...ordered('Date', 'date'),
  ['Bool', base('bool')],
  ['IpAddress', base('ip')],
  ['NotIpAddress', base('ip', 'eq', true)],
  ['Null', base('null')],
  ['BinaryEquals', base('binary')],
  // AWS: ArnEquals and ArnLike behave the same, both honour wildcards per ARN component.
  ['ArnEquals', base('arn')],
  ['ArnLike', base('arn')],
  ['ArnNotEquals', base('arn', 'eq', true)],
  ['ArnNotLike', base('arn', 'eq', true)],
]);

const QUALIFIER = /^(ForAnyValue|ForAllValues):/;

/**
 * Reads `[ForAnyValue:|ForAllValues:]Name[IfExists]`. Names are case-sensitive (minio/pkg
 * condition/name.go); `Null` takes neither suffix nor qualifier (Access Analyzer "Null with if
 * exists"), because it already tests presence.
 */
export function parseOperator(name: string): ConditionOperator | undefined {
  const qualifier = QUALIFIER.exec(name)?.[1] as SetQualifier | undefined;
  const rest = qualifier ? name.slice(qualifier.length + 1) : name;
  const ifExists = rest.endsWith('IfExists');
  const found = OPERATORS.get(ifExists ? rest.slice(0, -'IfExists'.length) : rest);
  if (!found || (found.family === 'null' && (ifExists || qualifier))) return undefined;
  return qualifier ? { ...found, qualifier, ifExists } : { ...found, ifExists };
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BOOLEAN = /^(true|false)$/i;

export function toNumber(value: string | number | boolean): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const n = typeof value === 'string' && NUMBER.test(value) ? Number(value) : undefined;
  return n !== undefined && Number.isFinite(n) ? n : undefined;
}

/** AWS dates are ISO 8601 or epoch seconds; a time without zone is read as UTC, never local. */
export function toEpochMillis(value: string | number | boolean): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value * 1000 : undefined;
  if (typeof value !== 'string') return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const millis = Date.parse(match[1] && !match[4] ? `${value}Z` : value);
  return Number.isFinite(millis) ? millis : undefined;
}

export function toBoolean(value: string | number | boolean): boolean | undefined {
  if (typeof value === 'boolean') return value;
  return typeof value === 'string' && BOOLEAN.test(value) ? value.toLowerCase() === 'true' : undefined;
}

/** `addr` or `addr/prefix`, IPv4 or IPv6; returns the parts node:net BlockList needs. */
export function toSubnet(value: unknown): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  if (typeof value !== 'string') return undefined;
  const [address, prefixText, extra] = value.split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return undefined;
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : -1;
  return prefix >= 0 && prefix <= max ? { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' } : undefined;
}

/** Why a policy value cannot be used with this family, or undefined when it can. */
export function valueProblem(family: OperatorFamily, value: string | number | boolean): string | undefined {
  switch (family) {
    case 'numeric': return toNumber(value) === undefined ? 'is not a number' : undefined;
    case 'date': return toEpochMillis(value) === undefined ? 'is not an ISO 8601 date or epoch seconds' : undefined;
    case 'bool':
    case 'null': return toBoolean(value) === undefined ? 'must be "true" or "false"' : undefined;
    case 'ip': return toSubnet(value) === undefined ? 'is not an IP address or CIDR block' : undefined;
    case 'binary': return typeof value !== 'string' || !BASE64.test(value) ? 'is not base64' : undefined;
    case 'arn': return splitArnPattern(String(value)) === undefined ? 'is not an ARN' : undefined;
    default: return undefined;
  }
}
