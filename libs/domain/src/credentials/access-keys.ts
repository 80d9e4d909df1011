import type { RandomSource } from '../ports.js';

const ACCESS_KEY_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ACCESS_KEY_LENGTH = 20;
const SECRET_KEY_BYTES = 30;
/** What generateAccessKey makes: only such a key can be a temporary credential's. */
export const MINTED_ACCESS_KEY = /^[0-9A-Z]{20}$/;

/**
 * 20 × [0-9A-Z], as MinIO (`internal/auth/credentials.go`). Rejection sampling instead of MinIO's
 * `byte % 36`, which favours the first four characters.
 */
export function generateAccessKey(random: RandomSource): string {
  let key = '';
  while (key.length < ACCESS_KEY_LENGTH) {
    for (const byte of random.bytes(ACCESS_KEY_LENGTH * 2)) {
      if (byte < 252 && key.length < ACCESS_KEY_LENGTH) key += ACCESS_KEY_ALPHABET[byte % 36];
    }
  }
  return key;
}

/** 40 characters of [A-Za-z0-9+]: base64 of 30 random bytes with '/' → '+', as MinIO. */
export function generateSecretKey(random: RandomSource): string {
  return random.bytes(SECRET_KEY_BYTES).toString('base64').replaceAll('/', '+');
}
