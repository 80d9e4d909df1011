import { globTokens, type GlobToken } from './wildcard.js';

/**
 * Policy variables (AWS "IAM policy elements: Variables and tags"): `${key}` is replaced by the
 * request's value for that context key (case-insensitive), `${key, 'default'}` falls back to the
 * default, and `${*}`, `${?}`, `${$}` stand for the literal characters. A substituted value is
 * always literal: a claim such as `jwt:sub = "*"` must never widen a Resource into a wildcard.
 */
interface VariablePart {
  readonly key: string;
  readonly fallback?: string;
}
type TemplatePart = GlobToken | VariablePart;

export interface Template {
  readonly parts: readonly TemplatePart[];
  /** Set when the text has no variables, so resolving it allocates nothing. */
  readonly fixed?: readonly GlobToken[];
}

/** Lower-cased context key → values; see request-context.ts. */
export type ContextValues = ReadonlyMap<string, readonly string[]>;

const VARIABLE = /\$\{([^{}]*)\}/g;
const REFERENCE = /^\s*([\w.:/-]+)\s*(?:,\s*'([^']*)'\s*)?$/;
const ESCAPES = new Set(['*', '?', '$']);

function variablePart(inner: string): TemplatePart | undefined {
  if (ESCAPES.has(inner)) return inner;
  const reference = REFERENCE.exec(inner);
  if (!reference) return undefined;
  return reference[2] === undefined ? { key: reference[1].toLowerCase() } : { key: reference[1].toLowerCase(), fallback: reference[2] };
}

/** Compiles a Resource or condition value; `wildcards` says whether bare `*`/`?` are wildcards. */
export function compileTemplate(text: string, wildcards: boolean): Template {
  const parts: TemplatePart[] = [];
  const plain = (chunk: string) => {
    if (chunk) parts.push(...(wildcards ? globTokens(chunk) : [chunk]));
  };
  let from = 0;
  for (const match of text.matchAll(VARIABLE)) {
    const part = variablePart(match[1]);
    if (part === undefined) continue; // not a variable AWS would recognise: keep it as text
    plain(text.slice(from, match.index));
    parts.push(part);
    from = match.index + match[0].length;
  }
  plain(text.slice(from));
  const fixed = parts.every((part) => typeof part !== 'object') ? (parts as GlobToken[]) : undefined;
  return fixed ? { parts, fixed } : { parts };
}

/**
 * Multi-valued keys cannot be substituted (AWS), and an empty value is treated as absent
 * (minio/pkg condition.substitute skips empty values) so `home/${aws:username}*` cannot
 * collapse into `home/*`.
 */
function variableValue(part: VariablePart, context: ContextValues): string | undefined {
  const values = context.get(part.key);
  return values?.length === 1 && values[0] !== '' ? values[0] : part.fallback;
}

/** Tokens with variables substituted, or undefined when a variable cannot be resolved. */
export function resolveTemplate(template: Template, context: ContextValues): readonly GlobToken[] | undefined {
  if (template.fixed) return template.fixed;
  const tokens: GlobToken[] = [];
  for (const part of template.parts) {
    if (typeof part !== 'object') tokens.push(part);
    else {
      const value = variableValue(part, context);
      if (value === undefined) return undefined;
      if (value) tokens.push(value);
    }
  }
  return tokens;
}

/** The substituted text of a template compiled without wildcards. */
export function resolveText(template: Template, context: ContextValues): string | undefined {
  return resolveTemplate(template, context)?.join('');
}

/** Splits an ARN pattern into its six colon-separated parts, never inside a `${…}` reference. */
export function splitArnPattern(text: string): string[] | undefined {
  const parts: string[] = [];
  let from = 0;
  let depth = 0;
  for (let i = 0; i < text.length && parts.length < 5; i++) {
    if (text.startsWith('${', i)) depth++;
    else if (text[i] === '}' && depth > 0) depth--;
    else if (text[i] === ':' && depth === 0) {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(text.slice(from));
  return parts.length === 6 ? parts : undefined;
}
