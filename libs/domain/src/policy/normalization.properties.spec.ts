import { afterAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { normalizePolicy } from './normalize-policy.js';
import { parsePolicy } from './parse-policy.js';
import { wildcardMatch } from './wildcard.js';

const ACTION_PATTERNS = ['*', 's3:*', 's3:Get*', 's3:GetObject', 's3:PutObject', 'admin:*'];
const RESOURCE_PATTERNS = ['*', 'arn:aws:s3:::*', 'arn:aws:s3:::a/*', 'arn:aws:s3:::${aws:username}/*', 'arn:minio:kms:::k'];
const conditionArb = fc.option(fc.dictionary(
  fc.constantFrom('StringEquals', 'ForAnyValue:StringLike', 'NumericLessThan', 'Bool', 'IpAddress'),
  fc.dictionary(fc.constantFrom('aws:username', 'jwt:groups', 's3:max-keys'), fc.array(fc.constantFrom('1', 2, 'true', true, '10.0.0.0/8'), { minLength: 1, maxLength: 3 }), { minKeys: 1, maxKeys: 2 }),
  { minKeys: 1, maxKeys: 2 },
), { nil: undefined });

/** Raw statements in the many shapes IAM accepts: bare strings, duplicates, any element order. */
const rawStatementArb = fc.record({
  Sid: fc.option(fc.constantFrom('', 'A', 'B'), { nil: undefined }),
  Effect: fc.constantFrom('Allow', 'Deny'),
  Action: fc.array(fc.constantFrom(...ACTION_PATTERNS), { minLength: 1, maxLength: 4 }).map((list) => (list.length === 1 ? list[0] : list)),
  Resource: fc.array(fc.constantFrom(...RESOURCE_PATTERNS), { minLength: 1, maxLength: 4 }),
  Condition: conditionArb,
}, { requiredKeys: ['Effect', 'Action', 'Resource'] });

/** Statements whose conditions give their operator a value it cannot read are simply skipped. */
function parsed(statements: object[]) {
  try {
    return parsePolicy({ Version: '2012-10-17', Statement: statements });
  } catch {
    return undefined;
  }
}

describe(normalizePolicy.name, () => {
  const outcomes = { parsed: 0, refused: 0 };
  afterAll(() => {
    expect(Math.min(outcomes.parsed, outcomes.refused)).toBeGreaterThan(20);
  });

  it('is idempotent, and parsing its output gives back the same document', () => {
    fc.assert(fc.property(fc.array(rawStatementArb, { minLength: 1, maxLength: 3 }), (statements) => {
      const policy = parsed(statements);
      outcomes[policy ? 'parsed' : 'refused']++;
      fc.pre(policy !== undefined);
      const normalized = normalizePolicy(policy);
      expect(normalizePolicy(parsePolicy(normalized))).toBe(normalized);
      expect(parsePolicy(normalized)).toEqual(policy);
    }), { numRuns: 300 });
  });

  it('gives the same text for the same sets written in another order', () => {
    fc.assert(fc.property(fc.array(rawStatementArb, { minLength: 1, maxLength: 3 }), (statements) => {
      const policy = parsed(statements);
      fc.pre(policy !== undefined);
      const reordered = statements.map((s) => ({ ...s, Resource: [...s.Resource].reverse().concat(s.Resource) }));
      expect(normalizePolicy(parsePolicy({ Statement: reordered, Version: '2012-10-17' }))).toBe(normalizePolicy(policy));
    }), { numRuns: 200 });
  });
});

describe(wildcardMatch.name, () => {
  const seen = { matched: 0, missed: 0 };
  afterAll(() => {
    expect(Math.min(seen.matched, seen.missed)).toBeGreaterThan(50);
  });
  const patternArb = fc.string({ unit: fc.constantFrom('a', 'b', '/', '*', '?'), maxLength: 8 });
  const textArb = fc.string({ unit: fc.constantFrom('a', 'b', '/'), maxLength: 10 });
  const oracle = (pattern: string) =>
    new RegExp(`^${pattern.replace(/[/]/g, '\\/').replace(/\*/g, '[^]*').replace(/\?/g, '[^]')}$`);

  it('matches a pattern against the literal string equal to it', () => {
    fc.assert(fc.property(patternArb, (pattern) => wildcardMatch(pattern, pattern)));
  });

  it('matches anything with *', () => {
    fc.assert(fc.property(fc.string(), (text) => wildcardMatch('*', text)));
  });

  it('agrees with a regular-expression reading of * and ?', () => {
    fc.assert(fc.property(patternArb, textArb, (pattern, text) => {
      const expected = oracle(pattern).test(text);
      seen[expected ? 'matched' : 'missed']++;
      expect(wildcardMatch(pattern, text)).toBe(expected);
    }), { numRuns: 1000 });
  });

  it('matches a pattern without wildcards only against itself', () => {
    fc.assert(fc.property(textArb, textArb, (pattern, text) => wildcardMatch(pattern, text) === (pattern === text)));
  });
});
