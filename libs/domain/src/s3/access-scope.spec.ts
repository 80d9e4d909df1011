import { describe, expect, it } from '@jest/globals';
import { touchedBy, type CachedAccess } from './access-scope.js';

const dora: CachedAccess = { accessKey: 'TEMPKEY1', parent: 'dora', access: { owner: false, policies: [], policyNames: ['read'], groups: ['readers'] } };
const root: CachedAccess = { accessKey: 'testroot', parent: 'testroot', access: { owner: true, policies: [], policyNames: [], groups: [] } };
const older: CachedAccess = { accessKey: 'TEMPKEY2', parent: 'olga', access: { owner: false, policies: [] } };

describe(touchedBy.name, () => {
  it('touches a signer through its parent or its own key (a user, a service account, a mapping)', () => {
    expect(touchedBy({ parents: ['dora'] })(dora)).toBe(true);
    expect(touchedBy({ parents: ['TEMPKEY1'] })(dora)).toBe(true);
    expect(touchedBy({ parents: ['eddy'] })(dora)).toBe(false);
  });

  it('touches a signer whose grant names the changed policy or hangs on the changed group', () => {
    expect(touchedBy({ policies: ['read'] })(dora)).toBe(true);
    expect(touchedBy({ policies: ['write'] })(dora)).toBe(false);
    expect(touchedBy({ groups: ['readers'] })(dora)).toBe(true);
    expect(touchedBy({ groups: ['writers'] })(dora)).toBe(false);
    expect(touchedBy({ policies: ['read'], groups: ['readers'] })(root)).toBe(false);
  });

  it('touches everyone for `all`', () => {
    expect(touchedBy({ all: true })(root)).toBe(true);
  });

  it('touches a grant that does not say what it hangs on with every policy or group change', () => {
    expect(touchedBy({ policies: ['anything'] })(older)).toBe(true);
    expect(touchedBy({ groups: ['anything'] })(older)).toBe(true);
    expect(touchedBy({ parents: ['someone'] })(older)).toBe(false);
    expect(touchedBy({ policies: ['x'] })({ accessKey: 'K', parent: 'p' })).toBe(true);
  });
});
