import { StsError } from '#contracts';

/** ISO 8601 basic format, the only form SigV4 puts in X-Amz-Date and the string to sign. */
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
/** RFC 7231 IMF-fixdate, the form of an HTTP `Date` header. */
const IMF_FIXDATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** The last second formatted: every request signed within one second formats the same one. */
let lastFormatted = { second: NaN, value: '' };

/** `yyyymmddThhmmssZ`; the text and regular expression work runs once per second, not per call. */
export function formatAmzDate(time: Date): string {
  const second = Math.floor(time.getTime() / 1000);
  if (second === lastFormatted.second) return lastFormatted.value;
  const value = time.toISOString().replace(/[-:]|\.\d{3}/g, '');
  lastFormatted = { second, value };
  return value;
}

/** The last X-Amz-Date read and its time: requests signed in the same second carry the same one. */
let lastAmzDate = { value: '', time: 0 };

/**
 * Parses `yyyymmddThhmmssZ`; rejects impossible dates (20151340T..., second 60) and years before 100
 * (which Date.UTC would read as 19xx): whatever Date.UTC rolled over does not read back the same.
 */
export function parseAmzDate(value: string): Date | undefined {
  if (value === lastAmzDate.value) return new Date(lastAmzDate.time);
  const time = readAmzDate(value);
  if (time !== undefined) lastAmzDate = { value, time: time.getTime() };
  return time;
}

function readAmzDate(value: string): Date | undefined {
  const m = AMZ_DATE.exec(value);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = [+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]];
  const time = new Date(Date.UTC(year, month, day, hour, minute, second));
  const readsBack = time.getUTCFullYear() === year && time.getUTCMonth() === month && time.getUTCDate() === day &&
    time.getUTCHours() === hour && time.getUTCMinutes() === minute && time.getUTCSeconds() === second;
  return readsBack ? time : undefined;
}

/** The last scope date found valid: every request of a day carries the same one. */
let validScopeDate = '';

export function isScopeDate(value: string): boolean {
  if (value === validScopeDate) return true;
  const valid = /^\d{8}$/.test(value) && parseAmzDate(`${value}T000000Z`) !== undefined;
  if (valid) validScopeDate = value;
  return valid;
}

/**
 * The request time in basic format from a `Date` header. MinIO only accepts the basic format
 * there (`time.Parse(iso8601Format, date)`); AWS also takes IMF-fixdate, so both are accepted.
 */
export function amzDateFromDateHeader(value: string): string | undefined {
  if (parseAmzDate(value) !== undefined) return value;
  if (!IMF_FIXDATE.test(value)) return undefined;
  const time = new Date(value);
  return !Number.isNaN(time.getTime()) && time.toUTCString() === value ? formatAmzDate(time) : undefined;
}

/** ±maxSkew around `now`, with AWS's own wording (quoted in aws/aws-cli#6676). */
export function assertFresh(amzDate: string, requested: Date, now: Date, maxSkewMs: number): void {
  // Formatted only for the message: a fresh request pays for no date formatting.
  const window = (sign: '-' | '+') => `(${formatAmzDate(now)} ${sign} ${maxSkewMs / 60_000} min.)`;
  if (now.getTime() - requested.getTime() > maxSkewMs) {
    const earliest = formatAmzDate(new Date(now.getTime() - maxSkewMs));
    throw new StsError('SignatureDoesNotMatch', `Signature expired: ${amzDate} is now earlier than ${earliest} ${window('-')}`, { admin: 'RequestTimeTooSkewed' });
  }
  if (requested.getTime() - now.getTime() > maxSkewMs) {
    const latest = formatAmzDate(new Date(now.getTime() + maxSkewMs));
    throw new StsError('SignatureDoesNotMatch', `Signature not yet current: ${amzDate} is still later than ${latest} ${window('+')}`, { admin: 'RequestTimeTooSkewed' });
  }
}
