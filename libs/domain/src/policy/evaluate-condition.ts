import type { CompiledCondition } from './compile-condition.js';
import type { ContextValues } from './policy-variables.js';

/**
 * One condition key under one operator, with AWS semantics ("Condition operators", "Set
 * operators for multivalued context keys"):
 * - a missing key fails positive operators and satisfies negated ones; `…IfExists` and
 *   `ForAllValues:` are satisfied by it, `ForAnyValue:` is not;
 * - `ForAllValues:` needs every request value to pass, `ForAnyValue:` at least one; a negated
 *   operator passes a value that matches none of the policy values;
 * - without a qualifier, a multi-valued key passes a positive operator when any value matches
 *   and a negated one when none does;
 * - a policy value whose variable the request cannot resolve never matches, and a negated
 *   condition holding one fails outright rather than reading "not equal" as true: AWS says an
 *   unresolvable variable "might cause the entire statement to be invalid", i.e. not apply.
 */
export function conditionHolds(condition: CompiledCondition, context: ContextValues): boolean {
  const values = context.get(condition.key);
  const { operator } = condition;
  if (condition.absence) return condition.absence.includes(values === undefined);
  if (values === undefined) {
    return operator.ifExists || operator.qualifier === 'ForAllValues' || (operator.qualifier === undefined && operator.negated);
  }
  const matcher = condition.matcher(context);
  if (operator.negated && matcher.unresolved) return false;
  const passes = (value: string) => matcher.test(value) !== operator.negated;
  if (operator.qualifier === 'ForAnyValue') return values.some(passes);
  if (operator.qualifier === 'ForAllValues' || operator.negated) return values.every(passes);
  return values.some(passes);
}
