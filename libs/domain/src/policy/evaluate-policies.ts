import { compileConditions, type CompiledCondition } from './compile-condition.js';
import { conditionHolds } from './evaluate-condition.js';
import { parsePolicy } from './parse-policy.js';
import { compileTemplate, resolveTemplate, type ContextValues, type Template } from './policy-variables.js';
import { prepareRequest, type PreparedRequest } from './request-context.js';
import type { AccessRequest, PolicyDecision, PolicyDocument, PolicyStatement } from './types.js';
import { globTokens, matchTokens, type GlobToken } from './wildcard.js';

interface CompiledStatement {
  readonly deny: boolean;
  /** Lower-cased patterns: IAM action names are case-insensitive. */
  readonly actions: readonly (readonly GlobToken[])[];
  readonly notAction: boolean;
  readonly resources?: readonly Template[];
  readonly notResource: boolean;
  /** An admin, sts or kms statement: requests without a resource skip its Resource (see resourceIgnored). */
  readonly resourceIgnored: boolean;
  readonly conditions: readonly CompiledCondition[];
}

/** Services whose statements MinIO classifies as admin, sts or kms (minio/pkg policy/statement.go classify). */
const RESOURCE_FREE_SERVICES = new Set(['admin', 'kms', 'sts']);

/**
 * What a request without a bucket is matched against: minio/pkg builds the request resource as
 * `bucket + "/"`, i.e. `/` for admin calls, and matches each Resource pattern (the text after
 * `arn:aws:s3:::`) against it, so `arn:aws:s3:::*` reaches admin actions and `arn:aws:s3:::b/*` does not.
 */
const RESOURCELESS_REQUEST = 'arn:aws:s3:::/';

/** parsePolicy's documents are deeply frozen, so each is compiled once and kept beside it. */
const compiledPolicies = new WeakMap<PolicyDocument, readonly CompiledStatement[]>();

function compileStatement(s: PolicyStatement): CompiledStatement {
  const resources = s.Resource ?? s.NotResource;
  return {
    deny: s.Effect === 'Deny',
    actions: (s.Action ?? s.NotAction ?? []).map((action) => globTokens(action.toLowerCase())),
    notAction: s.Action === undefined,
    resources: resources?.map((resource) => compileTemplate(resource, true)),
    notResource: s.Resource === undefined,
    resourceIgnored: resourceIgnored(s),
    conditions: compileConditions(s.Condition),
  };
}

/**
 * minio/pkg policy/statement.go `isAllowedFor`: a statement whose Action names admin or sts actions
 * skips resource matching (`ignoreResourceMatch`), and a kms one does for a request without a
 * bucket (`resource == "/"`). Every other statement — `Action: "*"`, NotAction, s3 — matches its
 * Resource/NotResource against `/`: so a `Deny NotAction s3:GetObject` on `arn:aws:s3:::*` refuses
 * `admin:CreateUser`, as in MinIO.
 */
function resourceIgnored(s: PolicyStatement): boolean {
  return s.Action !== undefined && s.Action.some((action) => RESOURCE_FREE_SERVICES.has(action.split(':')[0].toLowerCase()));
}

/** A document built by hand could be invalid or change later: it is validated, never cached. */
function compiled(policy: PolicyDocument): readonly CompiledStatement[] {
  const cached = compiledPolicies.get(policy);
  if (cached) return cached;
  if (!Object.isFrozen(policy)) return parsePolicy(policy).Statement.map(compileStatement);
  const statements = policy.Statement.map(compileStatement);
  compiledPolicies.set(policy, statements);
  return statements;
}

function anyActionMatches(s: CompiledStatement, action: string): boolean {
  for (const tokens of s.actions) if (matchTokens(tokens, action)) return true;
  return false;
}

/** Resource: any entry matches; NotResource: none does. An unresolvable entry never matches. */
function resourceApplies(s: CompiledStatement, resource: string, context: ContextValues): boolean {
  if (!s.resources) return true;
  for (const template of s.resources) {
    const tokens = resolveTemplate(template, context);
    if (tokens === undefined) {
      if (s.notResource) return false; // cannot tell the resource is not listed: do not apply
    } else if (matchTokens(tokens, resource)) return !s.notResource;
  }
  return s.notResource;
}

function applies(s: CompiledStatement, request: PreparedRequest): boolean {
  if (anyActionMatches(s, request.action) === s.notAction) return false;
  const ignored = request.resource === undefined && s.resourceIgnored;
  if (!ignored && !resourceApplies(s, request.resource ?? RESOURCELESS_REQUEST, request.context)) return false;
  for (const condition of s.conditions) if (!conditionHolds(condition, request.context)) return false;
  return true;
}

function decide(policies: readonly PolicyDocument[], request: PreparedRequest): PolicyDecision {
  let allowed = false;
  for (const policy of policies) {
    for (const statement of compiled(policy)) {
      if ((allowed && !statement.deny) || !applies(statement, request)) continue;
      if (statement.deny) return 'ExplicitDeny';
      allowed = true;
    }
  }
  return allowed ? 'Allow' : 'ImplicitDeny';
}

/**
 * AWS policy evaluation within one account ("Policy evaluation logic"): an applicable Deny in
 * any policy wins, otherwise an applicable Allow allows, otherwise the request is implicitly
 * denied.
 */
export function evaluatePolicies(policies: readonly PolicyDocument[], request: AccessRequest): PolicyDecision {
  return decide(policies, prepareRequest(request));
}

export interface AuthorizationInput {
  readonly identityPolicies: readonly PolicyDocument[];
  readonly sessionPolicy?: PolicyDocument;
  /** A credential derived from the root user (MinIO "owner"). */
  readonly owner?: boolean;
  readonly request: AccessRequest;
}

/**
 * MinIO `IsAllowedSTS` (reference §1.7, §7.5): an owner is allowed everything, unless the
 * credential carries a session policy, which then decides alone. Otherwise the identity
 * policies must allow and, when present, the session policy too: the effective permissions
 * are the intersection, so a session policy can only narrow, and a Deny in either denies.
 */
export function isAllowed(input: AuthorizationInput): boolean {
  if (input.owner === true && !input.sessionPolicy) return true;
  const request = prepareRequest(input.request);
  if (input.sessionPolicy && decide([input.sessionPolicy], request) !== 'Allow') return false;
  return input.owner === true || decide(input.identityPolicies, request) === 'Allow';
}
