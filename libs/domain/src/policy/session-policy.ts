import { StsError } from '#contracts';

/** MinIO measures the limit on the re-serialized policy, not the raw parameter (§1.7). */
export const MAX_SESSION_POLICY_LENGTH = 2048;
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);

const invalid = (message: string) => new StsError('InvalidParameterValue', message);
const isStringOrStrings = (v: unknown) =>
  typeof v === 'string' || (Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string'));

function checkStatement(statement: unknown, index: number): void {
  if (typeof statement !== 'object' || statement === null || Array.isArray(statement)) throw invalid(`Statement ${index} must be an object`);
  const s = statement as Record<string, unknown>;
  const unknown = Object.keys(s).find((k) => !STATEMENT_KEYS.has(k));
  if (unknown) throw invalid(`Statement ${index} has an unknown element "${unknown}"`);
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw invalid(`Statement ${index}: Effect must be "Allow" or "Deny"`);
  if ((s.Action === undefined) === (s.NotAction === undefined)) throw invalid(`Statement ${index} must have exactly one of Action or NotAction`);
  for (const key of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) {
    if (s[key] !== undefined && !isStringOrStrings(s[key])) throw invalid(`Statement ${index}: ${key} must be a string or a non-empty list of strings`);
  }
  if (s.Condition !== undefined && (typeof s.Condition !== 'object' || s.Condition === null || Array.isArray(s.Condition))) {
    throw invalid(`Statement ${index}: Condition must be an object`);
  }
}

/**
 * Validates an inline session policy (`Policy`) and returns its normalized JSON. The full policy
 * grammar and evaluation arrive with the IAM library; this enforces the shape MinIO requires.
 */
export function normalizeSessionPolicy(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch {
    throw invalid('Session policy is not valid JSON');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw invalid('Session policy must be a JSON object');
  const { Version, Id, Statement, ...rest } = doc as Record<string, unknown>;
  if (Object.keys(rest).length > 0) throw invalid(`Session policy has an unknown element "${Object.keys(rest)[0]}"`);
  if (Version === undefined || Version === '') throw invalid("Version cannot be empty expecting '2012-10-17'");
  if (Version !== '2012-10-17') throw invalid(`Invalid policy version "${String(Version)}", expecting '2012-10-17'`);
  const statements = Array.isArray(Statement) ? Statement : Statement === undefined ? [] : [Statement];
  if (statements.length === 0) throw invalid('Session policy must have at least one Statement');
  statements.forEach(checkStatement);
  const normalized = JSON.stringify(Id === undefined ? { Version, Statement: statements } : { Version, Id, Statement: statements });
  if (normalized.length > MAX_SESSION_POLICY_LENGTH) throw invalid('Session policy should not exceed 2048 characters');
  return normalized;
}
