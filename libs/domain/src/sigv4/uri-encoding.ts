/**
 * SigV4 percent-encoding (RFC 3986): every byte outside the unreserved set A-Z a-z 0-9 - . _ ~
 * becomes %XY with uppercase hex. Works on UTF-8 bytes, never on UTF-16 code units, so invalid
 * percent-sequences and lone surrogates cannot throw the way decodeURIComponent/encodeURIComponent do.
 */
const UNRESERVED_ONLY = /^[A-Za-z0-9\-._~]*$/;
const ESCAPED = Array.from({ length: 256 }, (_, byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`);

const isUnreserved = (byte: number): boolean =>
  (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) ||
  byte === 0x2d || byte === 0x2e || byte === 0x5f || byte === 0x7e;

const hexValue = (byte: number): number => {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
};

function percentDecode(raw: Buffer, plusIsSpace: boolean): Buffer {
  const out = Buffer.allocUnsafe(raw.length);
  let length = 0;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i];
    const high = byte === 0x25 && i + 2 < raw.length ? hexValue(raw[i + 1]) : -1;
    const low = high >= 0 ? hexValue(raw[i + 2]) : -1;
    if (low >= 0) {
      out[length++] = high * 16 + low;
      i += 2;
    } else {
      out[length++] = plusIsSpace && byte === 0x2b ? 0x20 : byte;
    }
  }
  return out.subarray(0, length);
}

function encodeBytes(bytes: Buffer): string {
  let out = '';
  for (const byte of bytes) out += isUnreserved(byte) ? String.fromCharCode(byte) : ESCAPED[byte];
  return out;
}

/**
 * The canonical encoding of a path segment or query component as it arrived on the wire.
 * The wire form may or may not be percent-encoded already (`/a b`, `/a%20b`), so decode then
 * encode once: both sign as `/a%20b`. This is MinIO's rule (`s3utils.EncodePath(req.URL.Path)`)
 * and what the AWS suite's get-space / get-utf8 vectors expect. `+` means space only in the query
 * string, where MinIO decodes it with Go's form parser (`url.ParseQuery`).
 */
export function reencodeUriComponent(value: string, plusIsSpace = false): string {
  if (UNRESERVED_ONLY.test(value) || alreadyCanonical(value)) return value;
  return encodeBytes(percentDecode(Buffer.from(value, 'utf8'), plusIsSpace));
}

/**
 * Whether decoding and encoding again would give `value` back: only unreserved characters and
 * uppercase `%XY` escapes of bytes that must stay escaped. What SDKs send (a presigned URL's session
 * token, for one) is in this form already, and checking it costs far less than re-encoding it.
 */
function alreadyCanonical(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0x25) {
      const high = upperHexValue(value.charCodeAt(i + 1));
      const low = upperHexValue(value.charCodeAt(i + 2));
      if (high < 0 || low < 0 || isUnreserved(high * 16 + low)) return false;
      i += 2;
    } else if (!isUnreserved(code)) return false;
  }
  return true;
}

/** 0-15 for 0-9 and A-F; -1 otherwise (lowercase hex is re-encoded in uppercase, so it is not canonical). */
const upperHexValue = (code: number): number => (code >= 0x30 && code <= 0x39 ? code - 0x30 : code >= 0x41 && code <= 0x46 ? code - 0x37 : -1);
