import { parseCondition } from './parse-condition.js';
import { isJsonObject, malformed, quoted } from './policy-errors.js';
import type { PolicyStatement } from './types.js';
import { wildcardMatch } from './wildcard.js';

const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
/** `*`, or `service:Name` where either part may carry wildcards (`s3:Get*`, `admin:*`). */
const ACTION = /^(\*|[A-Za-z0-9*?_-]+:[A-Za-z0-9*?_.-]+)$/;
/**
 * `*`, or `arn:partition:service:region:account:resource` with empty region/account allowed, so
 * `arn:aws:s3:::bucket/*`, `arn:minio:kms:::key` and any AWS ARN pass; the resource part may
 * contain colons and policy variables (`${aws:username}`).
 */
const RESOURCE = /^(\*|arn:[^:\s]+:[^:\s]+:[^:]*:[^:]*:.+)$/s;

function parseList(s: Record<string, unknown>, key: string, place: string, pattern: RegExp, kind: string) {
  const raw = s[key];
  if (raw === undefined) return undefined;
  const list = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(list) || list.length === 0) throw malformed(`${place}.${key} must be a string or a non-empty list of strings`);
  list.forEach((item: unknown, i) => {
    const at = typeof raw === 'string' ? `${place}.${key}` : `${place}.${key}[${i}]`;
    if (typeof item !== 'string') throw malformed(`${at} must be a string`);
    if (!pattern.test(item)) throw malformed(`${at} ${quoted(item)} is not a valid ${kind}`);
  });
  return list as string[];
}

/**
 * AWS requires Resource in identity policies; MinIO lets admin, kms and sts statements omit it
 * (minio/pkg policy/statement.go). So it may be missing only when no action could name s3.
 */
function mayOmitResource(actions: readonly string[] | undefined): boolean {
  return actions !== undefined && actions.every((action) => action !== '*' && !wildcardMatch(action.split(':')[0].toLowerCase(), 's3'));
}

function checkKeys(s: Record<string, unknown>, place: string): void {
  for (const key of ['Principal', 'NotPrincipal']) {
    if (key in s) throw malformed(`${place}.${key} is not allowed in an identity or session policy`);
  }
  const unknown = Object.keys(s).find((key) => !STATEMENT_KEYS.has(key));
  if (unknown !== undefined) throw malformed(`${place} has an unknown element ${quoted(unknown)}`);
}

function parseSid(s: Record<string, unknown>, place: string, sids: Set<string>): string | undefined {
  if (s.Sid === undefined || s.Sid === '') return undefined;
  if (typeof s.Sid !== 'string') throw malformed(`${place}.Sid must be a string`);
  if (sids.has(s.Sid)) throw malformed(`${place}.Sid ${quoted(s.Sid)} is not unique in the policy`);
  sids.add(s.Sid);
  return s.Sid;
}

/** Validates one statement; `sids` collects the Sids seen so far, which IAM requires unique. */
export function parseStatement(raw: unknown, index: number, sids: Set<string>): PolicyStatement {
  const place = `Statement[${index}]`;
  if (!isJsonObject(raw)) throw malformed(`${place} must be an object`);
  checkKeys(raw, place);
  const Sid = parseSid(raw, place, sids);
  const Effect = raw.Effect;
  if (Effect !== 'Allow' && Effect !== 'Deny') throw malformed(`${place}.Effect must be "Allow" or "Deny"`);
  if ((raw.Action === undefined) === (raw.NotAction === undefined)) throw malformed(`${place} must have exactly one of Action or NotAction`);
  const Action = parseList(raw, 'Action', place, ACTION, 'action (expecting "service:Name" or "*")');
  const NotAction = parseList(raw, 'NotAction', place, ACTION, 'action (expecting "service:Name" or "*")');
  if (raw.Resource !== undefined && raw.NotResource !== undefined) throw malformed(`${place} must not have both Resource and NotResource`);
  const Resource = parseList(raw, 'Resource', place, RESOURCE, 'resource (expecting "*" or an ARN)');
  const NotResource = parseList(raw, 'NotResource', place, RESOURCE, 'resource (expecting "*" or an ARN)');
  if (!Resource && !NotResource && !mayOmitResource(Action)) throw malformed(`${place} must have a Resource or NotResource`);
  const Condition = raw.Condition === undefined ? undefined : parseCondition(raw.Condition, `${place}.Condition`);
  return { Sid, Effect, Action, NotAction, Resource, NotResource, Condition };
}
