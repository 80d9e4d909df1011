/**
 * IAM wildcard matching: `*` is any run of characters (slashes and colons included, as AWS and
 * minio/pkg `wildcard.Match` treat Resource and StringLike), `?` exactly one. Hand-written because
 * the pattern must carry literal `*`/`?` produced by `${*}`/`${?}` and by substituted variables,
 * which a glob library cannot express; the greedy last-star backtrack keeps it O(n·m), never
 * exponential on hostile patterns.
 */
export const STAR = 0;
export const ONE = 1;
export type GlobToken = string | typeof STAR | typeof ONE;

/** Splits a pattern into literal runs and wildcards; consecutive stars collapse. */
export function globTokens(pattern: string): GlobToken[] {
  const tokens: GlobToken[] = [];
  let literal = '';
  for (const char of pattern) {
    if (char !== '*' && char !== '?') {
      literal += char;
      continue;
    }
    if (literal) tokens.push(literal);
    literal = '';
    if (char === '?') tokens.push(ONE);
    else if (tokens[tokens.length - 1] !== STAR) tokens.push(STAR);
  }
  if (literal) tokens.push(literal);
  return tokens;
}

export function matchTokens(tokens: readonly GlobToken[], text: string): boolean {
  if (tokens.length === 1 && tokens[0] === STAR) return true;
  let t = 0;
  let s = 0;
  let starToken = -1;
  let starText = 0;
  while (s < text.length || t < tokens.length) {
    const token = tokens[t];
    if (token === STAR) {
      starToken = t++;
      starText = s;
      continue;
    }
    if (token === ONE ? s < text.length : token !== undefined && text.startsWith(token, s)) {
      s += token === ONE ? charWidth(text, s) : token.length;
      t++;
      continue;
    }
    if (starToken < 0 || starText >= text.length) return false;
    s = ++starText;
    t = starToken + 1;
  }
  return true;
}

/** `?` is one character, so a surrogate pair counts once (Go's minio/pkg wildcard matches runes). */
function charWidth(text: string, at: number): number {
  const code = text.charCodeAt(at);
  return code >= 0xd800 && code <= 0xdbff && at + 1 < text.length ? 2 : 1;
}

const compiled = new Map<string, readonly GlobToken[]>();
const CACHE_LIMIT = 1024;

/** Matches `text` against an IAM pattern; patterns are compiled once and cached (bounded). */
export function wildcardMatch(pattern: string, text: string): boolean {
  if (pattern === '*') return true;
  let tokens = compiled.get(pattern);
  if (!tokens) {
    if (compiled.size >= CACHE_LIMIT) compiled.clear();
    tokens = globTokens(pattern);
    compiled.set(pattern, tokens);
  }
  return matchTokens(tokens, text);
}
