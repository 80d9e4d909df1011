/**
 * CRC-32C (Castagnoli) and CRC-64/NVME, the two checksums S3 offers that node lacks (node has
 * CRC-32 in zlib, SHA-1 and SHA-256 in crypto). Both are the reflected, table-driven form; the
 * 64-bit one runs on two 32-bit halves so that no BigInt is touched per byte. The SDK's own copies
 * are internal to it, so these stay small and are checked against the published check values.
 */
function table32(poly: number): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/** The 64-bit table as high and low halves. */
function table64(polyHigh: number, polyLow: number): [Uint32Array, Uint32Array] {
  const high = new Uint32Array(256);
  const low = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let h = 0;
    let l = n;
    for (let k = 0; k < 8; k++) {
      const odd = l & 1;
      l = ((l >>> 1) | ((h & 1) << 31)) >>> 0;
      h >>>= 1;
      if (odd) {
        h = (h ^ polyHigh) >>> 0;
        l = (l ^ polyLow) >>> 0;
      }
    }
    high[n] = h;
    low[n] = l;
  }
  return [high, low];
}

const CRC32C_TABLE = table32(0x82f63b78);
/** CRC-64/NVME: reflected polynomial 0x9a6c9329ac4bc9b5. */
const [CRC64_HIGH, CRC64_LOW] = table64(0x9a6c9329, 0xac4bc9b5);

export class Crc32c {
  private crc = 0xffffffff;

  update(data: Uint8Array): this {
    let crc = this.crc;
    for (let i = 0; i < data.length; i++) crc = CRC32C_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
    this.crc = crc;
    return this;
  }

  digest(): Buffer {
    const out = Buffer.alloc(4);
    out.writeUInt32BE((this.crc ^ 0xffffffff) >>> 0);
    return out;
  }
}

export class Crc64Nvme {
  private high = 0xffffffff;
  private low = 0xffffffff;

  update(data: Uint8Array): this {
    let { high, low } = this;
    for (let i = 0; i < data.length; i++) {
      const index = (low ^ data[i]) & 0xff;
      low = ((low >>> 8) | ((high & 0xff) << 24)) ^ CRC64_LOW[index];
      high = (high >>> 8) ^ CRC64_HIGH[index];
    }
    this.high = high >>> 0;
    this.low = low >>> 0;
    return this;
  }

  digest(): Buffer {
    const out = Buffer.alloc(8);
    out.writeUInt32BE((this.high ^ 0xffffffff) >>> 0, 0);
    out.writeUInt32BE((this.low ^ 0xffffffff) >>> 0, 4);
    return out;
  }
}
