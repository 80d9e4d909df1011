import { StsError } from '#contracts';

export const MIN_DURATION_SECONDS = 900;
export const MAX_DURATION_SECONDS = 31536000;
export const DEFAULT_DURATION_SECONDS = 3600;

/** `DurationSeconds`: an integer 900…31536000, with MinIO's message for anything else. */
export function parseDurationSeconds(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = /^\+?\d{1,12}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= MIN_DURATION_SECONDS && value <= MAX_DURATION_SECONDS)) {
    throw new StsError('InvalidParameterValue', 'invalid token expiry');
  }
  return value;
}

const GO_UNITS_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };

/** A Go duration string (`12h`, `1h30m`, `900s`), the format of `MINIO_STS_DURATION`. Returns seconds. */
export function parseGoDurationSeconds(text: string): number {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) {
    throw new Error(`"${text}" is not a duration such as 1h, 90m or 3600s`);
  }
  const ms = parts.reduce((sum, [, n, unit]) => sum + Number(n) * GO_UNITS_MS[unit], 0);
  const seconds = Math.floor(ms / 1000);
  if (seconds < MIN_DURATION_SECONDS || seconds > MAX_DURATION_SECONDS) {
    throw new Error(`must be between ${MIN_DURATION_SECONDS}s and ${MAX_DURATION_SECONDS}s`);
  }
  return seconds;
}
