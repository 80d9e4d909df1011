import { canonicalPolicy, deepFreeze } from './normalize-policy.js';
import { parseStatement } from './parse-statement.js';
import { isJsonObject, malformed, quoted } from './policy-errors.js';
import { POLICY_VERSION, type PolicyDocument } from './types.js';

/** IAM quotas cap a managed policy at 6,144 characters; 20 KiB leaves MinIO room while bounding parse work. */
export const MAX_POLICY_BYTES = 20 * 1024;
const TOP_LEVEL_KEYS = new Set(['Version', 'Id', 'Statement']);

/**
 * Objects are round-tripped through JSON so getters, proxies, cycles and class instances are
 * never walked: the validator only ever sees plain data, with JSON.parse's last-wins duplicates.
 */
function readJson(input: unknown): unknown {
  let text: string | undefined;
  try {
    text = typeof input === 'string' ? input : JSON.stringify(input);
  } catch {
    throw malformed('Policy must be plain JSON data');
  }
  if (text === undefined) throw malformed('Policy must be a JSON object');
  if (text.length > MAX_POLICY_BYTES || Buffer.byteLength(text, 'utf8') > MAX_POLICY_BYTES) {
    throw malformed(`Policy must not exceed ${MAX_POLICY_BYTES} bytes (20 KiB)`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw malformed('Policy is not valid JSON');
  }
}

function checkVersion(version: unknown): void {
  if (version === undefined || version === '') throw malformed("Version cannot be empty expecting '2012-10-17'");
  if (version !== POLICY_VERSION) throw malformed(`Invalid policy version ${quoted(version)}, expecting '2012-10-17'`);
}

function statementList(raw: unknown): unknown[] {
  if (raw === undefined || (Array.isArray(raw) && raw.length === 0)) throw malformed('Policy must have at least one Statement');
  if (Array.isArray(raw)) return raw;
  if (isJsonObject(raw)) return [raw];
  throw malformed('Statement must be an object or a non-empty list of objects');
}

/**
 * Parses and validates an IAM identity or session policy (JSON text or an already-decoded
 * value). Throws `StsError('MalformedPolicyDocument')` naming the offending element.
 */
export function parsePolicy(input: string | unknown): PolicyDocument {
  const doc = readJson(input);
  if (!isJsonObject(doc)) throw malformed('Policy must be a JSON object');
  const unknown = Object.keys(doc).find((key) => !TOP_LEVEL_KEYS.has(key));
  if (unknown !== undefined) throw malformed(`Policy has an unknown element ${quoted(unknown)}`);
  checkVersion(doc.Version);
  if (doc.Id !== undefined && typeof doc.Id !== 'string') throw malformed('Id must be a string');
  const sids = new Set<string>();
  const Statement = statementList(doc.Statement).map((statement, index) => parseStatement(statement, index, sids));
  return deepFreeze(canonicalPolicy({ Version: POLICY_VERSION, Id: doc.Id, Statement }));
}
