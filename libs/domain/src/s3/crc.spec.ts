import { describe, expect, it } from '@jest/globals';
import { Crc32c, Crc64Nvme } from './crc.js';

// Check values from the CRC catalogue (reveng.sourceforge.io/crc-catalogue): CRC-32/ISCSI and CRC-64/NVME.
const CHECK = Buffer.from('123456789');

describe('S3 checksums node lacks', () => {
  it('CRC-32C gives the catalogue check value and RFC 3720 vectors', () => {
    expect(new Crc32c().update(CHECK).digest().toString('hex')).toBe('e3069283');
    expect(new Crc32c().update(Buffer.alloc(32, 0)).digest().toString('hex')).toBe('8a9136aa');
    expect(new Crc32c().update(Buffer.alloc(32, 0xff)).digest().toString('hex')).toBe('62a8ab43');
    expect(new Crc32c().digest().toString('hex')).toBe('00000000');
  });

  it('CRC-64/NVME gives the catalogue check value and the empty checksum', () => {
    expect(new Crc64Nvme().update(CHECK).digest().toString('hex')).toBe('ae8b14860a799888');
    expect(new Crc64Nvme().digest().toString('hex')).toBe('0000000000000000');
  });

  it('gives the same answer however the data is split', () => {
    const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 31) & 0xff));
    const split = (make: () => Crc32c | Crc64Nvme) => {
      const running = make();
      for (let i = 0; i < data.length; i += 77) running.update(data.subarray(i, i + 77));
      return running.digest().toString('hex');
    };
    expect(split(() => new Crc32c())).toBe(new Crc32c().update(data).digest().toString('hex'));
    expect(split(() => new Crc64Nvme())).toBe(new Crc64Nvme().update(data).digest().toString('hex'));
  });
});
