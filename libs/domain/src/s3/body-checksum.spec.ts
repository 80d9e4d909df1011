import { describe, expect, it } from '@jest/globals';
import { BodyChecksum, declaredChecksum } from './body-checksum.js';

const DATA = Buffer.from('123456789');
const sums: Record<string, string> = {
  'x-amz-checksum-crc32': Buffer.from('cbf43926', 'hex').toString('base64'),
  'x-amz-checksum-crc32c': Buffer.from('e3069283', 'hex').toString('base64'),
  'x-amz-checksum-crc64nvme': Buffer.from('ae8b14860a799888', 'hex').toString('base64'),
  'x-amz-checksum-sha1': '98O8HYCOBHMq32eZZczDTKeuNEE=',
  'x-amz-checksum-sha256': 'FeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiU=',
};

describe(BodyChecksum.name, () => {
  it.each(Object.entries(sums))('%s accepts the right value and refuses another with BadDigest', (name, value) => {
    const checksum = new BodyChecksum(name);
    checksum.update(DATA.subarray(0, 4));
    checksum.update(DATA.subarray(4));
    expect(() => checksum.verify(value)).not.toThrow();
    const other = new BodyChecksum(name);
    other.update(Buffer.from('12345678'));
    expect(() => other.verify(value)).toThrow(expect.objectContaining({ code: 'BadDigest' }));
  });

  it('refuses a value that is not base64 of the algorithm\'s size', () => {
    expect(() => new BodyChecksum('x-amz-checksum-crc32c').verify('AAAA')).toThrow(expect.objectContaining({ code: 'InvalidRequest' }));
    expect(() => new BodyChecksum('x-amz-checksum-crc32c').verify('not base64!')).toThrow(expect.objectContaining({ code: 'InvalidRequest' }));
  });
});

describe(declaredChecksum.name, () => {
  const headers = (values: Record<string, string>) => (name: string) => values[name];

  it('finds the one checksum header, checked for shape', () => {
    expect(declaredChecksum(headers({ 'x-amz-checksum-crc32c': sums['x-amz-checksum-crc32c'] }))).toEqual({ name: 'x-amz-checksum-crc32c', value: sums['x-amz-checksum-crc32c'] });
    expect(declaredChecksum(headers({}))).toBeUndefined();
    expect(() => declaredChecksum(headers({ 'x-amz-checksum-crc64nvme': 'AAAA' }))).toThrow(expect.objectContaining({ code: 'InvalidRequest' }));
  });

  it('refuses two checksum headers (S3 allows one)', () => {
    const two = headers({ 'x-amz-checksum-crc32': sums['x-amz-checksum-crc32'], 'x-amz-checksum-sha1': sums['x-amz-checksum-sha1'] });
    expect(() => declaredChecksum(two)).toThrow(expect.objectContaining({ code: 'InvalidRequest' }));
  });
});
