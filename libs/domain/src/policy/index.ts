export * from './types.js';
export { parsePolicy, MAX_POLICY_BYTES } from './parse-policy.js';
export { normalizePolicy } from './normalize-policy.js';
export { normalizeSessionPolicy, MAX_SESSION_POLICY_LENGTH } from './session-policy.js';
export { evaluatePolicies, isAllowed, type AuthorizationInput } from './evaluate-policies.js';
export { CANNED_POLICIES, isCannedPolicy } from './canned-policies.js';
export { wildcardMatch } from './wildcard.js';
