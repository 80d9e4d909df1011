// The one list of the system's apps, in start order (the issuer, the audit sink, the verifiers, then
// the gateway). Plain JavaScript so that the scripts (npm start, the e2e stack, the compose test)
// read it without a build; the TypeScript side gets its literal types from the const assertion.
// `readiness`: whether the gateway's readiness probe requires a replica of the app — 'always',
// 'openid' (only when an OpenID provider is configured) or 'never'.
export const APP_ROSTER = /** @type {const} */ ([
  { key: 'CredentialIssuer', name: 'credential-issuer', gateway: false, readiness: 'always' },
  { key: 'AuditSink', name: 'audit-sink', gateway: false, readiness: 'never' },
  { key: 'AssumeRoleVerifier', name: 'assume-role-verifier', gateway: false, readiness: 'always' },
  { key: 'LdapVerifier', name: 'ldap-verifier', gateway: false, readiness: 'always' },
  { key: 'OidcVerifier', name: 'oidc-verifier', gateway: false, readiness: 'openid' },
  { key: 'ClientGrantsVerifier', name: 'client-grants-verifier', gateway: false, readiness: 'openid' },
  { key: 'ApiGateway', name: 'api-gateway', gateway: true, readiness: 'never' },
]);
