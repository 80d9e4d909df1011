import { FilterParser } from 'ldapts';
import { sampleFilter } from '#domain';

/** Null when a `%s`/`%d` filter template compiles with stand-in values, else the parser's complaint. */
export function filterTemplateProblem(template: string): string | null {
  try {
    FilterParser.parseString(sampleFilter(template));
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
