import { describe, expect, it } from '@jest/globals';
import { wildcardMatch } from './wildcard.js';

describe(wildcardMatch.name, () => {
  it.each([
    ['*', '', true],
    ['*', 'anything/at:all', true],
    ['s3:Get*', 's3:GetObject', true],
    ['s3:Get*', 's3:PutObject', false],
    ['a*b*c', 'a-b-x-c', true],
    ['a*b*c', 'a-c-b', false],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/deep/key', true],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b', false],
    ['??', 'ab', true],
    ['??', 'abc', false],
    ['?', '😀', true],
    ['**x', 'yx', true],
    ['', '', true],
    ['', 'a', false],
  ])('matches %j against %j: %s', (pattern, text, expected) => {
    expect(wildcardMatch(pattern, text)).toBe(expected);
  });

  it('stays fast on patterns built to make naive backtracking explode', () => {
    const started = performance.now();
    expect(wildcardMatch('*a'.repeat(100) + 'b', 'a'.repeat(5000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
