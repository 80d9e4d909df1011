import { afterAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { evaluatePolicies, isAllowed } from './evaluate-policies.js';
import { parsePolicy } from './parse-policy.js';
import type { AccessRequest, PolicyDecision, PolicyDocument } from './types.js';

// Small alphabets, so that statements, requests and contexts actually meet.
const ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 'admin:ServerInfo'];
const ACTION_PATTERNS = ['*', 's3:*', 's3:Get*', 's3:GetObject', 's3:PutObject', 's3:?utObject', 'admin:*', 'S3:LISTBUCKET'];
const RESOURCES = ['arn:aws:s3:::a/x', 'arn:aws:s3:::a/y/z', 'arn:aws:s3:::b/x', 'arn:aws:s3:::b'];
const RESOURCE_PATTERNS = ['*', 'arn:aws:s3:::*', 'arn:aws:s3:::a/*', 'arn:aws:s3:::b*', 'arn:aws:s3:::?/x', 'arn:aws:s3:::${aws:username}/*'];
const CONDITIONS = [
  undefined, undefined, undefined,
  { StringEquals: { 'aws:username': 'a' } },
  { StringNotEquals: { 'aws:username': 'b' } },
  { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { 'ForAnyValue:StringEquals': { 'jwt:groups': 'g1' } },
  { 'ForAllValues:StringLike': { 'jwt:groups': 'g*' } },
  { Null: { 'aws:username': 'false' } },
  { BoolIfExists: { 'aws:SecureTransport': 'true' } },
];

const statementArb = fc.record({
  Effect: fc.oneof({ arbitrary: fc.constant('Allow'), weight: 3 }, { arbitrary: fc.constant('Deny'), weight: 1 }),
  negateAction: fc.boolean(),
  actions: fc.subarray(ACTION_PATTERNS, { minLength: 1, maxLength: 2 }),
  negateResource: fc.boolean(),
  resources: fc.subarray(RESOURCE_PATTERNS, { minLength: 1, maxLength: 2 }),
  Condition: fc.constantFrom(...CONDITIONS),
}).map(({ Effect, negateAction, actions, negateResource, resources, Condition }) => ({
  Effect,
  [negateAction ? 'NotAction' : 'Action']: actions,
  [negateResource ? 'NotResource' : 'Resource']: resources,
  ...(Condition ? { Condition } : {}),
}));
const policyArb = fc.array(statementArb, { minLength: 1, maxLength: 3 }).map((Statement) => parsePolicy({ Version: '2012-10-17', Statement }));
const requestArb: fc.Arbitrary<AccessRequest> = fc.record({
  action: fc.constantFrom(...ACTIONS),
  resource: fc.constantFrom(...RESOURCES),
  context: fc.record({
    'aws:username': fc.constantFrom('a', 'b', undefined),
    'aws:SourceIp': fc.constantFrom('10.1.2.3', '192.168.0.1', undefined),
    'jwt:groups': fc.constantFrom(['g1'], ['g1', 'x'], [], undefined),
    'aws:SecureTransport': fc.constantFrom('true', 'false', undefined),
  }),
});

function withDeny(policies: PolicyDocument[], at: number, deny: object): PolicyDocument[] {
  const index = at % (policies.length + 1);
  if (index === policies.length) return [...policies, parsePolicy({ Version: '2012-10-17', Statement: deny })];
  const extended = parsePolicy({ ...policies[index], Statement: [...policies[index].Statement, deny] });
  return policies.map((policy, i) => (i === index ? extended : policy));
}

describe(evaluatePolicies.name, () => {
  const seen: Record<PolicyDecision, number> = { Allow: 0, ExplicitDeny: 0, ImplicitDeny: 0 };
  afterAll(() => {
    // The generators must exercise every outcome, or the properties prove little.
    expect(Math.min(...Object.values(seen))).toBeGreaterThan(20);
  });

  it('turns any decision into ExplicitDeny once a matching Deny is added anywhere', () => {
    fc.assert(fc.property(fc.array(policyArb, { maxLength: 3 }), requestArb, fc.nat(), (policies, request, at) => {
      seen[evaluatePolicies(policies, request)]++;
      const deny = { Effect: 'Deny', Action: request.action, Resource: request.resource };
      expect(evaluatePolicies(withDeny(policies, at, deny), request)).toBe('ExplicitDeny');
    }), { numRuns: 400 });
  });

  it('never lets an added Deny statement, matching or not, widen a decision', () => {
    fc.assert(fc.property(fc.array(policyArb, { maxLength: 3 }), statementArb, requestArb, fc.nat(), (policies, statement, request, at) => {
      const before = evaluatePolicies(policies, request);
      seen[before]++;
      const after = evaluatePolicies(withDeny(policies, at, { ...statement, Effect: 'Deny' }), request);
      expect(after === before || after === 'ExplicitDeny').toBe(true);
    }), { numRuns: 400 });
  });
});

describe(isAllowed.name, () => {
  const seen = { allowed: 0, refused: 0 };
  afterAll(() => {
    expect(Math.min(seen.allowed, seen.refused)).toBeGreaterThan(20);
  });

  it('lets a session policy only narrow: allowed with it ⇒ allowed without it and by it alone', () => {
    fc.assert(fc.property(fc.array(policyArb, { maxLength: 2 }), policyArb, fc.boolean(), requestArb, (identityPolicies, sessionPolicy, owner, request) => {
      const withSession = isAllowed({ identityPolicies, sessionPolicy, owner, request });
      const withoutSession = isAllowed({ identityPolicies, owner, request });
      const sessionAlone = evaluatePolicies([sessionPolicy], request) === 'Allow';
      seen[withSession ? 'allowed' : 'refused']++;
      if (withSession) expect(withoutSession && sessionAlone).toBe(true);
      expect(withSession).toBe(withoutSession && sessionAlone);
    }), { numRuns: 500 });
  });
});
