import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { singleValuedParameters } from './single-valued-parameters.js';

const viaUrlSearchParams = (encoded: string): Map<string, string> => new Map(new URLSearchParams(encoded));

describe(singleValuedParameters.name, () => {
  it('reads a form of plain characters as URLSearchParams does', () => {
    expect(singleValuedParameters('Action=GetCallerIdentity&Version=2011-06-15', 'form body'))
      .toEqual(new Map([['Action', 'GetCallerIdentity'], ['Version', '2011-06-15']]));
    expect(singleValuedParameters('a&b=&=c&&d=e=f', 'form body')).toEqual(viaUrlSearchParams('a&b=&=c&&d=e=f'));
  });

  it('agrees with URLSearchParams on any form without repeated keys', () => {
    const chars = fc.constantFrom('a', 'B', '1', '_', '.', '~', '-', '=', '&', '%', '%2F', '%zz', '+', '?', ' ', 'é', '😀');
    fc.assert(fc.property(fc.array(chars, { maxLength: 30 }).map((parts) => parts.join('')), (encoded) => {
      const expected = viaUrlSearchParams(encoded);
      const keys = [...new URLSearchParams(encoded).keys()];
      fc.pre(new Set(keys).size === keys.length);
      expect(singleValuedParameters(encoded, 'form body')).toEqual(expected);
    }), { numRuns: 2000 });
  });

  it('refuses a key given twice, on the plain path and the decoding one', () => {
    expect(() => singleValuedParameters('Version=1&Version=2', 'form body')).toThrow(expect.objectContaining({ code: 'InvalidParameterValue' }));
    expect(() => singleValuedParameters('Version=1&Vers%69on=2', 'query string')).toThrow('The parameter Version appears more than once in the query string.');
  });
});
