/** How hard the verifiers lean on an identity provider; every value has an `STS_OIDC_*` variable. */
export interface IdpClientOptions {
  /** Deadline of one HTTP call to the IdP (discovery, JWKS, UserInfo). Default 2000 ms. */
  timeoutMs: number;
  /**
   * Least time between two JWKS (or discovery) downloads not asked for by the schedule: after an
   * unknown `kid`, or a failure. Callers in between share the last outcome. Default 10 000 ms.
   */
  refetchIntervalMs: number;
  /** Background JWKS refresh, so removed keys stop working without an unknown kid. Default 900 s. */
  refreshIntervalMs: number;
}

export interface TokenRules {
  /** Leeway on exp/nbf/iat for clocks that disagree (DESIGN §7). Default 60 s. */
  clockSkewSeconds: number;
  /** Larger tokens are refused before any parsing. Default 16 384 bytes. */
  maxTokenBytes: number;
}

export const DEFAULT_IDP_CLIENT_OPTIONS: IdpClientOptions = { timeoutMs: 2000, refetchIntervalMs: 10_000, refreshIntervalMs: 900_000 };
export const DEFAULT_TOKEN_RULES: TokenRules = { clockSkewSeconds: 60, maxTokenBytes: 16_384 };

/** Where the IdP adapters report what an operator should see (an IdP that is down or misbehaving). */
export interface IdpLog {
  warn(message: string): void;
}
