import { loadOpenIdVerifierConfig } from '#openid-verification';
import type { Env } from '#nest-common';

/** The verifier's one reader of the environment (the same settings as the other token verifier). */
export const loadConfig = (env: Env = process.env) => loadOpenIdVerifierConfig(env);
export type ClientGrantsVerifierConfig = ReturnType<typeof loadConfig>;
